// The shop's own settings as the storefront shows them.
import { sql } from "~/lib/db.server";

export async function shopName(): Promise<string> {
  const [row] = await sql<{ name: string | null }[]>`select value #>> '{}' as name from settings where key = 'shop.name'`;
  return row?.name ?? "Larder";
}
