// production_plan and its neighbours against hand-counted fixtures: variations, packs (units per
// variation), modifiers counted per item ordered (repeats too), pending vs paid vs paid at pickup,
// cancelled and refunded left out, the slot/window filter, the day's edges in the location's time
// zone, the windows list, recording units made (and its refusal when the line moved), and a printed
// plan kept as it was printed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { expectSqlError, locationId, modifierId, variantId, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let timezone: string;
let admin: number;
let beefSingle: number;
let beefHalfDozen: number;
let humitaDozen: number;
let chimichurri: number;
let salsaCriolla: number;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  [{ timezone }] = await sql<{ timezone: string }[]>`select timezone from locations where id = ${location}`;
  beefSingle = await variantId(sql, "beef-criolla", "Single");
  beefHalfDozen = await variantId(sql, "beef-criolla", "Half dozen");
  humitaDozen = await variantId(sql, "humita", "Dozen");
  chimichurri = await modifierId(sql, "Add a salsa", "Chimichurri");
  salsaCriolla = await modifierId(sql, "Add a salsa", "Salsa Criolla");
  [{ id: admin }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('baker@example.com', 'Bea', 'x', 'staff') returning id`;
});

afterAll(async () => {
  await database?.drop();
});

interface Line {
  variant: number;
  quantity: number;
  modifiers?: number[];
}

interface Fixture {
  state?: string;
  fulfillment?: "pickup" | "delivery" | "shipping";
  /** Local wall-clock time in the location's zone ("2031-03-14 09:00"), or the ship day. */
  at: string;
  payAtPickup?: boolean;
  lines: Line[];
}

/** An order as it stands in the table, written directly (the plan only reads orders). */
async function order(fixture: Fixture): Promise<number> {
  const fulfillment = fixture.fulfillment ?? "pickup";
  const staff = fixture.payAtPickup ?? false;
  const at = fulfillment === "shipping" ? null : sql`${fixture.at}::timestamp at time zone ${timezone}`;
  const [{ id }] = await sql<{ id: number }[]>`
    insert into orders (checkout_key, location_id, customer_name, customer_email, customer_phone, state, fulfillment,
                        pickup_at, delivery_at, ship_on, address_line1, address_city, address_region, address_postal_code,
                        currency, subtotal_cents, total_cents, source, pay_at_pickup, paid_at)
    values (gen_random_uuid(), ${location}, 'Ana', ${staff ? null : "ana@example.com"}, '555-0100', ${fixture.state ?? "paid"}, ${fulfillment},
            ${fulfillment === "pickup" ? at : null}, ${fulfillment === "delivery" ? at : null},
            ${fulfillment === "shipping" ? fixture.at : null}::date,
            ${fulfillment === "pickup" ? null : "1 Elm St"}, 'Springfield', 'IL', '62701',
            'USD', 0, 0, ${staff ? "phone" : "online"}, ${staff},
            ${fixture.state && ["pending_payment", "cancelled"].includes(fixture.state) || staff ? null : sql`now()`})
    returning id`;
  for (const line of fixture.lines) {
    const [{ id: itemId }] = await sql<{ id: number }[]>`
      insert into order_items (order_id, variant_id, product_name, variant_name, unit_price_cents, quantity)
      select ${id}, v.id, p.name, v.name, v.price_cents, ${line.quantity} from variants v join products p on p.id = v.product_id where v.id = ${line.variant}
      returning id`;
    for (const [index, modifier] of (line.modifiers ?? []).entries()) {
      await sql`
        insert into order_item_modifiers (order_item_id, modifier_id, modifier_list_name, name, price_cents, sort_order)
        select ${itemId}, m.id, l.name, m.name, m.price_cents, ${index} from modifiers m join modifier_lists l on l.id = m.modifier_list_id where m.id = ${modifier}`;
    }
  }
  return id;
}

type Row = { product_name: string; variant_name: string; modifier_name: string | null; quantity: number; units: number; pending_quantity: number; pending_units: number; category_name: string };

async function plan(day: string, fulfillment: string | null = null, start: string | null = null): Promise<Row[]> {
  return sql<Row[]>`
    select category_name, product_name, variant_name, modifier_name, quantity, units, pending_quantity, pending_units
      from production_plan(${location}, ${day}::date, ${fulfillment}, ${start === null ? null : sql`${start}::timestamp at time zone ${timezone}`})`;
}

const brief = (rows: Row[]) =>
  rows.map((row) => [`${row.product_name} — ${row.variant_name}${row.modifier_name ? ` / ${row.modifier_name}` : ""}`, row.quantity, row.units, row.pending_quantity, row.pending_units]);

describe("the plan's counts", () => {
  it("counts variations in units, modifiers per item, pending apart, and leaves cancelled and refunded out", async () => {
    const day = "2031-03-14";
    // Paid: 3 singles with chimichurri, 2 singles plain; 2 half dozens with chimichurri and salsa criolla.
    await order({ at: `${day} 09:00`, lines: [{ variant: beefSingle, quantity: 3, modifiers: [chimichurri] }, { variant: beefSingle, quantity: 2 }] });
    await order({ state: "preparing", at: `${day} 10:00`, lines: [{ variant: beefHalfDozen, quantity: 2, modifiers: [chimichurri, salsaCriolla] }] });
    // A modifier chosen twice on one item counts twice: 1 single × chimichurri twice.
    await order({ state: "completed", at: `${day} 11:00`, lines: [{ variant: beefSingle, quantity: 1, modifiers: [chimichurri, chimichurri] }] });
    // Delivery and shipping the same day count too; a dozen is 12 units.
    await order({ state: "out_for_delivery", fulfillment: "delivery", at: `${day} 12:00`, lines: [{ variant: humitaDozen, quantity: 1 }] });
    await order({ state: "paid", fulfillment: "shipping", at: day, lines: [{ variant: humitaDozen, quantity: 2 }] });
    // Paid at pickup, in the kitchen before payment: to make.
    await order({ state: "pending_payment", payAtPickup: true, at: `${day} 13:00`, lines: [{ variant: beefSingle, quantity: 4 }] });
    await order({ state: "ready", payAtPickup: true, at: `${day} 13:00`, lines: [{ variant: beefHalfDozen, quantity: 1 }] });
    // Online and not paid yet: pending, apart.
    await order({ state: "pending_payment", at: `${day} 14:00`, lines: [{ variant: beefSingle, quantity: 5, modifiers: [salsaCriolla] }, { variant: humitaDozen, quantity: 1 }] });
    // Left out: cancelled, refunded, partially refunded.
    await order({ state: "cancelled", at: `${day} 09:00`, lines: [{ variant: beefSingle, quantity: 50 }] });
    await order({ state: "refunded", at: `${day} 09:00`, lines: [{ variant: beefSingle, quantity: 60 }] });
    await order({ state: "partially_refunded", at: `${day} 09:00`, lines: [{ variant: beefSingle, quantity: 70 }] });

    expect(brief(await plan(day))).toEqual([
      // Beef Criolla sorts before Humita on the menu; a line's modifiers follow it, by name.
      ["Beef Criolla — Single", 3 + 2 + 1 + 4, 10, 5, 5],
      ["Beef Criolla — Single / Chimichurri", 3 + 2, 5, 0, 0],
      ["Beef Criolla — Single / Salsa Criolla", 0, 0, 5, 5],
      ["Beef Criolla — Half dozen", 2 + 1, 18, 0, 0],
      ["Beef Criolla — Half dozen / Chimichurri", 2, 12, 0, 0],
      ["Beef Criolla — Half dozen / Salsa Criolla", 2, 12, 0, 0],
      ["Humita — Dozen", 1 + 2, 36, 1, 12],
    ]);
    expect(new Set((await plan(day)).map((row) => row.category_name))).toEqual(new Set(["Savory empanadas"]));
  });

  it("uses the variation's units per variation as it is now, and names a removed variation by what the order kept", async () => {
    const day = "2031-03-15";
    const [{ id: tray }] = await sql<{ id: number }[]>`
      insert into variants (product_id, name, price_cents, units_per_variation)
      select product_id, 'Tray of 20', 6000, 20 from variants where id = ${beefSingle} returning id`;
    await order({ at: `${day} 09:00`, lines: [{ variant: tray, quantity: 2 }] });
    expect(brief(await plan(day))).toEqual([["Beef Criolla — Tray of 20", 2, 40, 0, 0]]);
    await sql`update variants set units_per_variation = 25 where id = ${tray}`;
    expect(brief(await plan(day))).toEqual([["Beef Criolla — Tray of 20", 2, 50, 0, 0]]);
    await expectSqlError(sql`update variants set units_per_variation = 0 where id = ${tray}`, "23514");
    await expectSqlError(sql`update variants set units_per_variation = 1001 where id = ${tray}`, "23514");
    await sql`delete from variants where id = ${tray}`;
    const [row] = await plan(day);
    expect([row.category_name, row.product_name, row.variant_name, row.units]).toEqual(["No longer on the menu", "Beef Criolla", "Tray of 20", 2]);
  });

  it("takes the day's edges in the location's time zone", async () => {
    const day = "2031-03-17";
    await order({ at: "2031-03-16 23:59", lines: [{ variant: beefSingle, quantity: 1 }] });
    await order({ at: `${day} 00:00`, lines: [{ variant: beefSingle, quantity: 2 }] });
    await order({ at: `${day} 23:59`, lines: [{ variant: beefSingle, quantity: 4 }] });
    await order({ at: "2031-03-18 00:00", lines: [{ variant: beefSingle, quantity: 8 }] });
    await order({ fulfillment: "delivery", at: `${day} 23:30`, lines: [{ variant: beefSingle, quantity: 16 }] });
    expect(brief(await plan(day))).toEqual([["Beef Criolla — Single", 2 + 4 + 16, 22, 0, 0]]);
    expect(brief(await plan("2031-03-16"))).toEqual([["Beef Criolla — Single", 1, 1, 0, 0]]);
    // 23:59 local on the 17th is already the 18th in UTC; it still belongs to the 17th.
    const [{ utcDay }] = await sql<{ utcDay: string }[]>`select ((${`${day} 23:59`}::timestamp at time zone ${timezone}) at time zone 'UTC')::date::text as "utcDay"`;
    expect(utcDay).toBe("2031-03-18");
  });

  it("narrows to one pickup slot, one delivery window or the ship day, and lists the day's windows with orders", async () => {
    const day = "2031-03-19";
    await order({ at: `${day} 08:00`, lines: [{ variant: beefSingle, quantity: 1 }] });
    await order({ state: "pending_payment", at: `${day} 08:00`, lines: [{ variant: beefSingle, quantity: 2 }] });
    await order({ at: `${day} 08:15`, lines: [{ variant: beefSingle, quantity: 4 }] });
    await order({ fulfillment: "delivery", at: `${day} 08:00`, lines: [{ variant: beefSingle, quantity: 8 }] });
    await order({ fulfillment: "shipping", at: day, lines: [{ variant: humitaDozen, quantity: 1 }] });
    await order({ state: "cancelled", at: `${day} 09:00`, lines: [{ variant: beefSingle, quantity: 32 }] });

    expect(brief(await plan(day, "pickup", `${day} 08:00`))).toEqual([["Beef Criolla — Single", 1, 1, 2, 2]]);
    expect(brief(await plan(day, "pickup", `${day} 08:15`))).toEqual([["Beef Criolla — Single", 4, 4, 0, 0]]);
    expect(brief(await plan(day, "delivery", `${day} 08:00`))).toEqual([["Beef Criolla — Single", 8, 8, 0, 0]]);
    expect(brief(await plan(day, "shipping"))).toEqual([["Humita — Dozen", 1, 12, 0, 0]]);
    expect(await plan(day, "pickup", `${day} 09:00`)).toEqual([]);

    const windows = await sql<{ fulfillment: string; local: string | null; orders: number }[]>`
      select fulfillment, to_char(window_start at time zone ${timezone}, 'HH24:MI') as local, orders from production_windows(${location}, ${day}::date)`;
    expect(windows.map((each) => [each.fulfillment, each.local, each.orders])).toEqual([
      ["delivery", "08:00", 1],
      ["pickup", "08:00", 2],
      ["pickup", "08:15", 1],
      ["shipping", null, 1],
    ]);
  });

  it("answers an empty plan for a day without orders", async () => {
    expect(await plan("2031-04-01")).toEqual([]);
    expect(await sql`select * from production_windows(${location}, '2031-04-01'::date)`).toEqual([]);
  });
});

describe("recording what is made", () => {
  it("records units made for the day's line, and refuses a tick on a line that moved since the page showed it", async () => {
    const day = "2031-03-21";
    await order({ at: `${day} 09:00`, lines: [{ variant: beefHalfDozen, quantity: 3 }] });
    const made = (seen: number, units: number) => sql`select record_production_made(${location}, ${day}::date, ${beefHalfDozen}, ${seen}, ${units}, ${admin})`;
    await made(18, 6);
    const first = await sql`select made_units, made_by from production_made where location_id = ${location} and day = ${day}::date and variant_id = ${beefHalfDozen}`;
    expect(first.map((row) => [row.made_units, row.made_by])).toEqual([[6, admin]]);

    // A new order arrives: the page still shows 18, so the tick is refused with the fresh count.
    await order({ at: `${day} 10:00`, lines: [{ variant: beefHalfDozen, quantity: 1 }] });
    const refused = await expectSqlError(made(18, 18), "LR409");
    expect(refused.message).toBe("Beef Criolla — Half dozen changed since the page loaded: 24 units to make now (the page showed 18). Nothing was recorded; check the line and tick it again.");
    const after = await sql`select made_units from production_made where location_id = ${location} and day = ${day}::date and variant_id = ${beefHalfDozen}`;
    expect(after.map((row) => row.made_units)).toEqual([6]);

    await made(24, 24);
    const [{ made_units }] = await sql`select made_units from production_made where location_id = ${location} and day = ${day}::date and variant_id = ${beefHalfDozen}`;
    expect(made_units).toBe(24);
    await expectSqlError(made(24, -1), "LR422", "madeUnits");
    await expectSqlError(sql`select record_production_made(${location}, ${day}::date, ${-5}, 0, 0, ${admin})`, "LR404");
  });
});

describe("a printed plan", () => {
  it("keeps the lines as printed, per window, and later counts are compared with it", async () => {
    const day = "2031-03-22";
    await order({ at: `${day} 09:00`, lines: [{ variant: beefSingle, quantity: 10, modifiers: [chimichurri] }] });
    const [{ id }] = await sql<{ id: number }[]>`select record_production_print(${location}, ${day}::date, null, null, ${admin}) as id`;
    await order({ at: `${day} 09:30`, lines: [{ variant: beefSingle, quantity: 12 }] });

    const [print] = await sql<{ lines: Row[]; fulfillment: string | null }[]>`select lines, fulfillment from production_prints where id = ${id}`;
    expect(print.fulfillment).toBeNull();
    expect(brief(print.lines)).toEqual([
      ["Beef Criolla — Single", 10, 10, 0, 0],
      ["Beef Criolla — Single / Chimichurri", 10, 10, 0, 0],
    ]);
    const now = (await plan(day)).find((row) => row.modifier_name === null)!;
    expect(now.units - print.lines[0].units).toBe(12);

    // A window's print is its own; a bad window is refused.
    const [{ id: slotPrint }] = await sql<{ id: number }[]>`
      select record_production_print(${location}, ${day}::date, 'pickup', ${`${day} 09:30`}::timestamp at time zone ${timezone}, ${admin}) as id`;
    const [slot] = await sql<{ lines: Row[] }[]>`select lines from production_prints where id = ${slotPrint}`;
    expect(brief(slot.lines)).toEqual([["Beef Criolla — Single", 12, 12, 0, 0]]);
    await expectSqlError(sql`select record_production_print(${location}, ${day}::date, 'pickup', null, ${admin})`, "LR422", "window");
    await expectSqlError(sql`select record_production_print(${location}, ${day}::date, null, now(), ${admin})`, "LR422", "window");
  });
});
