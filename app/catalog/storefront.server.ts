// What the storefront says about the shop beside its menu: the shop's location (address, phone,
// time zone) and weekly opening hours, for the menu's banner and its structured data.
import { sql } from "~/lib/db.server";
import type { OpeningRange } from "~/fulfillment/opening-hours";

export interface ShopFacts {
  locationName: string;
  address: string;
  phone: string;
  timezone: string;
  hours: OpeningRange[];
}

export async function shopFacts(): Promise<ShopFacts | null> {
  const [location] = await sql<(Omit<ShopFacts, "hours"> & { id: number })[]>`
    select id, name as "locationName", address, phone, timezone from locations where id = shop_location_id()`;
  if (!location) return null;
  const hours = await sql<OpeningRange[]>`
    select weekday, to_char(opens_at, 'HH24:MI') as "opensAt", to_char(closes_at, 'HH24:MI') as "closesAt"
      from location_hours where location_id = ${location.id} order by weekday, opens_at`;
  const { id: _id, ...facts } = location;
  return { ...facts, hours: [...hours] };
}
