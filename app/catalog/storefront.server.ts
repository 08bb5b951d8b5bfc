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

/** Read afresh on every menu (not cached: a change of hours shows at once), in one statement. */
export async function shopFacts(): Promise<ShopFacts | null> {
  const [location] = await sql<ShopFacts[]>`
    select l.name as "locationName", l.address, l.phone, l.timezone,
           coalesce((select json_agg(json_build_object('weekday', h.weekday, 'opensAt', to_char(h.opens_at, 'HH24:MI'),
                                                       'closesAt', to_char(h.closes_at, 'HH24:MI')) order by h.weekday, h.opens_at)
                       from location_hours h where h.location_id = l.id), '[]') as hours
      from locations l where l.id = shop_location_id()`;
  return location ?? null;
}
