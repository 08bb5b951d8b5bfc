// Shared helpers for the sql-*.test.ts files, which call the database functions in
// db/migrations/*.sql directly against a per-file clone of the migrated template.
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { expect } from "vitest";
import { bigintAsNumber } from "../../db/postgres-types";

export type Sql = postgres.Sql;

/** The error a promise rejects with; fails the test if it resolves. */
export async function sqlError(promise: Promise<unknown>): Promise<postgres.PostgresError> {
  const outcome = await promise.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) {
    throw new Error(`expected a database error, got ${JSON.stringify(outcome.value)}`);
  }
  expect(outcome.error).toBeInstanceOf(postgres.PostgresError);
  return outcome.error as postgres.PostgresError;
}

/** Asserts the SQLSTATE and, when given, the COLUMN (form field) of a customer-facing error. */
export async function expectSqlError(promise: Promise<unknown>, code: string, column?: string) {
  const error = await sqlError(promise);
  expect({ code: error.code, column: error.column_name, message: error.message }).toMatchObject(
    column === undefined ? { code } : { code, column },
  );
  return error;
}

export async function locationId(sql: Sql): Promise<number> {
  const [row] = await sql<{ id: number }[]>`select id from locations where slug = 'main-street'`;
  return row.id;
}

/** A seeded variant's id, by product slug and variant name. */
export async function variantId(sql: Sql, productSlug: string, variantName: string): Promise<number> {
  const rows = await sql<{ id: number }[]>`
    select v.id from variants v join products p on p.id = v.product_id
     where p.slug = ${productSlug} and v.name = ${variantName}`;
  if (rows.length !== 1) throw new Error(`no seeded variant ${productSlug} / ${variantName}`);
  return rows[0].id;
}

export async function seededVariants(sql: Sql) {
  return {
    beefSingle: await variantId(sql, "beef-criolla", "Single"),
    beefHalfDozen: await variantId(sql, "beef-criolla", "Half dozen"),
    horchata: await variantId(sql, "horchata", "16 oz"),
    chipa: await variantId(sql, "chipa", "Bag of 6"),
    chorizoSingle: await variantId(sql, "spicy-chorizo", "Single"),
  };
}

export async function newCart(sql: Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`insert into carts default values returning id`;
  return row.id;
}

export async function addToCart(sql: Sql, cartId: string, variant: number, quantity: number) {
  await sql`select cart_add_item(${cartId}, ${variant}, ${quantity})`;
}

/** Adds a line with modifier choices through cart_add_item; returns the line's id. */
export async function addLine(
  sql: Sql, cartId: string, variant: number, quantity: number, modifierIds: (number | null)[] = [],
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    select cart_add_item(${cartId}, ${variant}, ${quantity}, ${sql.array(modifierIds as number[])}::bigint[]) as id`;
  return row.id;
}

/** A seeded modifier's id, by its list's name and its own. */
export async function modifierId(sql: Sql, listName: string, modifierName: string): Promise<number> {
  const rows = await sql<{ id: number }[]>`
    select m.id from modifiers m join modifier_lists ml on ml.id = m.modifier_list_id
     where ml.name = ${listName} and m.name = ${modifierName}`;
  if (rows.length !== 1) throw new Error(`no seeded modifier ${listName} / ${modifierName}`);
  return rows[0].id;
}

/** A seeded modifier list's id, by name. */
export async function modifierListId(sql: Sql, listName: string): Promise<number> {
  const rows = await sql<{ id: number }[]>`select id from modifier_lists where name = ${listName}`;
  if (rows.length !== 1) throw new Error(`no seeded modifier list ${listName}`);
  return rows[0].id;
}

/** A cart holding the given lines, added through cart_add_item. */
export async function cartWith(sql: Sql, lines: [variant: number, quantity: number][]): Promise<string> {
  const cartId = await newCart(sql);
  for (const [variant, quantity] of lines) await addToCart(sql, cartId, variant, quantity);
  return cartId;
}

export async function cartItems(sql: Sql, cartId: string) {
  return sql<{ variant_id: number; quantity: number }[]>`
    select variant_id, quantity from cart_items where cart_id = ${cartId} order by variant_id`;
}

/** The variant's stock at the shop's location; null when it is not tracked there. */
export async function stockOf(sql: Sql, variant: number): Promise<number | null> {
  const [row] = await sql<{ quantity: number }[]>`
    select quantity from inventory_levels where variant_id = ${variant} and location_id = shop_location_id()`;
  return row?.quantity ?? null;
}

/** Tracks the variant's stock at the shop's location (null: stops tracking it) and clears sold out. */
export async function setStock(sql: Sql, variant: number, stock: number | null) {
  await sql.begin(async (tx) => {
    if (stock === null) {
      await tx`delete from inventory_levels where variant_id = ${variant}`;
    } else {
      await tx`
        insert into inventory_levels (variant_id, location_id, quantity) values (${variant}, shop_location_id(), ${stock})
        on conflict (variant_id, location_id) do update set quantity = excluded.quantity, updated_at = now()`;
    }
    await tx`update variants set sold_out = false where id = ${variant}`;
  });
}

/**
 * The location's last offered pickup slot: at least a day away whatever the time of day, so it is
 * still offered when place_order checks it a moment later (unlike the first slot, which the lead
 * time can overtake).
 */
export async function latestPickupSlot(sql: Sql, location: number): Promise<Date> {
  return latestSlot(sql, location, "pickup");
}

/** The location's last offered pickup slot or delivery window (see latestPickupSlot). */
export async function latestSlot(sql: Sql, location: number, kind: "pickup" | "delivery"): Promise<Date> {
  const [row] = await sql<{ slot: Date | null }[]>`select max(s) as slot from fulfillment_slots(${location}, ${kind}) s`;
  if (!row.slot) throw new Error(`the location offers no ${kind} times`);
  return row.slot;
}

/** The location's last shipping day, as YYYY-MM-DD. */
export async function lastShippingDay(sql: Sql, location: number): Promise<string> {
  const [row] = await sql<{ day: string | null }[]>`select max(d)::text as day from shipping_days(${location}) d`;
  if (!row.day) throw new Error("the location offers no shipping days");
  return row.day;
}

export type Fulfillment = "pickup" | "delivery" | "shipping";

export interface AddressInput {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
}

/** A complete address; delivery tests put its postal code in a zone. */
export const TEST_ADDRESS = {
  line1: "18 Elm Street",
  line2: "Apt 2",
  city: "Springfield",
  region: "IL",
  postalCode: "62701",
} satisfies AddressInput;

export interface OrderInput {
  cartId: string;
  location: number;
  checkoutKey?: string;
  name?: string;
  /** null: no email (staff orders only). */
  email?: string | null;
  phone?: string;
  fulfillment?: Fulfillment;
  /** The pickup slot (alias of slotAt, kept for the pickup-only tests). */
  pickupAt?: Date | string | null;
  /** The pickup slot or delivery window start; by default the last one offered. */
  slotAt?: Date | string | null;
  /** The shipping day; by default the last one offered when shipping. */
  shipOn?: string | null;
  /** By default TEST_ADDRESS for delivery and shipping, none for pickup. */
  address?: AddressInput | null;
  promoCode?: string | null;
  tipPercent?: number | null;
  tipCents?: number | null;
  customerNote?: string | null;
  smsConsent?: boolean;
  /** Staff-taken orders: how, by whom, and whether it is paid at pickup. */
  source?: "online" | "phone" | "walk_in";
  placedBy?: number | null;
  payAtPickup?: boolean;
  /** Who placed an online order, for the cap on open unpaid orders: address and sha256 hex of the session id. */
  clientIp?: string | null;
  sessionKey?: string | null;
}

export interface PlacedOrder {
  order_id: number;
  public_token: string;
  already_placed: boolean;
}

/** Calls place_order with valid defaults for whatever the input leaves out. */
export async function placeOrder(sql: Sql, input: OrderInput): Promise<PlacedOrder> {
  const fulfillment = input.fulfillment ?? "pickup";
  const chosenSlot = input.slotAt !== undefined ? input.slotAt : input.pickupAt;
  const slotAt = chosenSlot !== undefined ? chosenSlot
    : fulfillment === "shipping" ? null
    : await latestSlot(sql, input.location, fulfillment);
  const shipOn = input.shipOn !== undefined ? input.shipOn
    : fulfillment === "shipping" ? await lastShippingDay(sql, input.location)
    : null;
  const address = input.address !== undefined ? input.address : fulfillment === "pickup" ? null : TEST_ADDRESS;
  const [row] = await sql<PlacedOrder[]>`
    select * from place_order(
      ${input.cartId}, ${input.checkoutKey ?? randomUUID()}, ${input.location},
      ${input.name ?? "Ana Pérez"}, ${input.email !== undefined ? input.email : `ana.${randomUUID()}@example.com`},
      ${input.phone ?? "(555) 010-2030"}, ${slotAt as Date}, ${fulfillment}, ${shipOn}::date,
      ${address === null ? null : sql.json(address as postgres.JSONValue)}, ${input.promoCode ?? null},
      ${input.tipPercent ?? null}, ${input.tipCents ?? null}, ${input.customerNote ?? null}, ${input.smsConsent ?? false},
      p_source => ${input.source ?? "online"}, p_placed_by => ${input.placedBy ?? null}::bigint,
      p_pay_at_pickup => ${input.payAtPickup ?? false},
      p_client_ip => ${input.clientIp ?? null}::inet, p_session_key => ${input.sessionKey ?? null})`;
  return row;
}

/** "placed", or the refusal as "SQLSTATE:column"; for tallying racing buyers. */
export async function outcomeOf(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return "placed";
  } catch (error) {
    if (!(error instanceof postgres.PostgresError)) throw error;
    return error.column_name ? `${error.code}:${error.column_name}` : error.code;
  }
}

/** How many times each outcome occurs. */
export function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

/** A pool of its own for racing buyers, so they really run on concurrent connections. */
export function racingPool(url: string, max = 40): Sql {
  return postgres(url, { max, onnotice: () => {}, types: bigintAsNumber });
}

export interface OrderRow {
  id: number;
  number: number;
  public_token: string;
  cart_id: string | null;
  customer_id: number | null;
  customer_name: string;
  customer_email: string | null;
  customer_phone: string;
  state: string;
  source: string;
  placed_by: number | null;
  pay_at_pickup: boolean;
  accepted_at: Date | null;
  accepted_by: number | null;
  currency: string;
  subtotal_cents: number;
  total_cents: number;
  paid_at: Date | null;
  pickup_at: Date | null;
  updated_at: Date;
}

export async function orderRow(sql: Sql, orderId: number): Promise<OrderRow> {
  const [row] = await sql<OrderRow[]>`select * from orders where id = ${orderId}`;
  return row;
}

export async function orderEvents(sql: Sql, orderId: number) {
  return sql<{ type: string; from_state: string | null; to_state: string | null; detail: Record<string, unknown> }[]>`
    select type, from_state, to_state, detail from order_events where order_id = ${orderId} order by id`;
}

/** Queued graphile-worker jobs of one task (the public jobs view has no payload column). */
export async function queuedJobs(sql: Sql, taskIdentifier: string) {
  return sql<{ id: number; key: string | null; payload: Record<string, unknown>; max_attempts: number }[]>`
    select j.id, j.key, j.payload, j.max_attempts
      from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = ${taskIdentifier}
     order by j.id`;
}

/** Row counts of the given tables, to show a failed call wrote nothing. */
export async function rowCounts(sql: Sql, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await sql<{ count: number }[]>`select count(*)::int as count from ${sql(table)}`;
    counts[table] = row.count;
  }
  return counts;
}

/**
 * Waits until `count` other sessions on this database are blocked on a lock whose query mentions
 * `queryFragment`, so a test can make concurrent calls collide deterministically.
 */
export async function waitForLockWaiters(sql: Sql, queryFragment: string, count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await sql<{ waiting: number }[]>`
      select count(*)::int as waiting from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid()
         and wait_event_type = 'Lock' and query like ${`%${queryFragment}%`}`;
    if (row.waiting >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${row.waiting} of ${count} sessions blocked on ${queryFragment}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Runs `calls` on separate connections while `lockSql` is held in an open transaction on another,
 * releases it once every call is blocked behind it, and returns each call's outcome.
 */
export async function raceBehindLock<T>(
  sql: Sql,
  lockSql: (blocker: postgres.ReservedSql) => Promise<unknown>,
  waitOn: string,
  calls: ((connection: postgres.ReservedSql) => Promise<T>)[],
): Promise<PromiseSettledResult<T>[]> {
  const blocker = await sql.reserve();
  const connections = await Promise.all(calls.map(() => sql.reserve()));
  try {
    await blocker`begin`;
    await lockSql(blocker);
    const running = Promise.allSettled(calls.map((call, index) => call(connections[index])));
    try {
      await waitForLockWaiters(sql, waitOn, calls.length);
    } finally {
      await blocker`commit`;
    }
    return await running;
  } finally {
    blocker.release();
    for (const connection of connections) connection.release();
  }
}

/**
 * Takes the demo shop's fulfillment and pricing back to a location's defaults (no tax, delivery,
 * shipping, zones or promo codes), for tests that set up exactly the ones they check.
 */
export async function withoutDemoPricing(sql: Sql) {
  await sql.begin(async (tx) => {
    await tx`delete from delivery_zones`;
    await tx`delete from promo_codes where not exists (select 1 from promo_redemptions r where r.promo_code_id = promo_codes.id)`;
    await tx`update locations set tax_rate_bps = 0, delivery_enabled = false, shipping_enabled = false, shipping_flat_cents = 0`;
  });
}
