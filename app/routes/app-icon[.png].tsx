// GET /app-icon.png?size=192|512[&purpose=maskable]: the installed app's icons the manifest names.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appIconPng } from "~/fulfillment/app-icons.server";
import { findAppIcon } from "~/fulfillment/web-app";

export async function loader({ request }: LoaderFunctionArgs) {
  const icon = findAppIcon(new URL(request.url).searchParams);
  if (!icon) {
    return new Response("No such icon: the sizes are 192 and 512, the purpose any or maskable.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(new Uint8Array(await appIconPng(icon)), {
    headers: { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400" },
  });
}
