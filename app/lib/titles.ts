// Page titles carry the shop's name ("Menu — Masa & Co. Empanadas"), read from the root loader's data.
import type { MetaArgs } from "@remix-run/node";

export function shopNameOf(matches: MetaArgs["matches"]): string {
  const root = matches.find((match) => match.id === "root")?.data as { shopName?: string } | undefined;
  return root?.shopName ?? "Larder";
}

export function shopTitle(matches: MetaArgs["matches"], page?: string): string {
  const shop = shopNameOf(matches);
  return page ? `${page} — ${shop}` : shop;
}
