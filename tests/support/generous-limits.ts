// Test databases start with generous rate limits and holds (docs/decisions/008), set explicitly
// as settings: suites place many orders and post many forms from one address (127.0.0.1), often
// with one email, and must not trip the shop's defaults. Sign-in keeps its real limits. The tests
// of the limits themselves remove these rows (useDefaultLimits) and prove the defaults.
import type postgres from "postgres";

const GENEROUS = { limit: 100000, minutes: 1 };

export const GENEROUS_SETTINGS: Record<string, unknown> = {
  "limits.place_order_per_ip": GENEROUS,
  "limits.place_order_per_email": GENEROUS,
  "limits.payment_per_ip": GENEROUS,
  "limits.payment_per_email": GENEROUS,
  "limits.promo_code_per_cart": GENEROUS,
  "limits.promo_code_per_ip": GENEROUS,
  "limits.post_per_ip": GENEROUS,
  "holds.unpaid_orders": 1000,
};

export async function setGenerousLimits(sql: postgres.Sql) {
  for (const [key, value] of Object.entries(GENEROUS_SETTINGS)) {
    await sql`insert into settings (key, value) values (${key}, ${sql.json(value as postgres.JSONValue)})
              on conflict (key) do update set value = excluded.value`;
  }
}

/** Back to the shop's defaults: every limit and hold setting removed, every counter forgotten. */
export async function useDefaultLimits(sql: postgres.Sql) {
  await sql`delete from settings where key like 'limits.%' or key like 'holds.%'`;
  await sql`delete from rate_limits`;
}
