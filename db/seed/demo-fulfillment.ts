// The demo shop's fulfillment and pricing: 8.25 % sales tax added at checkout, tips of 10/15/20 %,
// local delivery to two Springfield zones, flat-rate shipping, and two promo codes. Meant for a
// freshly seeded location, inside the caller's transaction.
import type postgres from "postgres";

export async function seedDemoFulfillmentAndPricing<Types extends Record<string, unknown>>(
  tx: postgres.TransactionSql<Types>,
  locationId: number,
): Promise<void> {
  const [location] = await tx<{ currency: string }[]>`
    update locations
       set tax_name = 'Sales tax', tax_rate_bps = 825, tax_inclusive = false,
           tips_enabled = true, tip_percentages = '{10,15,20}',
           delivery_enabled = true,
           shipping_enabled = true, shipping_flat_cents = 950
     where id = ${locationId}
    returning currency`;
  if (!location) throw new Error(`no location ${locationId} to seed fulfillment and pricing for`);

  const zones = [
    { name: "Downtown", feeCents: 399, minimumCents: 1500, postalCodes: ["62701", "62702"] },
    { name: "Westside", feeCents: 599, minimumCents: 2500, postalCodes: ["62704", "62711"] },
  ];
  for (const [sortOrder, zone] of zones.entries()) {
    const [{ id }] = await tx<{ id: number }[]>`
      insert into delivery_zones (location_id, name, fee_cents, minimum_cents, sort_order)
      values (${locationId}, ${zone.name}, ${zone.feeCents}, ${zone.minimumCents}, ${sortOrder})
      returning id`;
    await tx`
      insert into delivery_zone_postal_codes (zone_id, location_id, postal_code)
      select ${id}, ${locationId}, code from unnest(${zone.postalCodes}::text[]) code`;
  }

  await tx`
    insert into promo_codes (code, description, kind, percent_bps, amount_cents, currency,
                             minimum_subtotal_cents, max_uses, max_uses_per_customer)
    values ('WELCOME10', '10 % off your first order of $20 or more', 'percent', 1000, null, ${location.currency}, 2000, null, 1),
           ('FIVEOFF', '$5 off orders of $25 or more', 'fixed', null, 500, ${location.currency}, 2500, 100, null)`;
}
