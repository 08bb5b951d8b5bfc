// Stock per location (inventory_levels): what place_order takes and expire_unpaid_order gives back,
// at the order's own location, under racing buyers; lines of one variant with different choices
// count together; cart_lines shows a line that can no longer be had.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  addLine,
  cartWith,
  expectSqlError,
  locationId,
  modifierId,
  newCart,
  outcomeOf,
  placeOrder,
  racingPool,
  rowCounts,
  seededVariants,
  setStock,
  stockOf,
  tally,
  variantId,
  type Sql,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let main: number;
let north: number;
let v: Awaited<ReturnType<typeof seededVariants>> & { jar: number };
let chimichurri: number;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  main = await locationId(sql);
  v = { ...(await seededVariants(sql)), jar: await variantId(sql, "dulce-de-leche-jar", "12 oz") };
  chimichurri = await modifierId(sql, "Add a salsa", "Chimichurri");
  // A second location, open every day, created after the shop's: the storefront still sells from
  // the first (shop_location_id), and orders can name this one.
  [{ id: north }] = await sql<{ id: number }[]>`
    insert into locations (name, slug, timezone, pickup_days_ahead, pickup_slot_capacity)
    values ('Masa & Co. North', 'north-side', 'America/Los_Angeles', 2, 1000) returning id`;
  await sql`
    insert into location_hours (location_id, weekday, opens_at, closes_at)
    select ${north}, d, '08:00', '20:00' from generate_series(0, 6) d`;
  await sql`update locations set shipping_enabled = true, shipping_flat_cents = 800, shipping_days_ahead = 7`;
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(async () => {
  await sql`delete from slot_reservations`;
  await sql`update locations set pickup_slot_capacity = 1000`;
});

async function stockAt(location: number, variant: number): Promise<number | null> {
  const [row] = await sql<{ quantity: number }[]>`
    select quantity from inventory_levels where variant_id = ${variant} and location_id = ${location}`;
  return row?.quantity ?? null;
}

async function setStockAt(location: number, variant: number, quantity: number | null) {
  if (quantity === null) {
    await sql`delete from inventory_levels where variant_id = ${variant} and location_id = ${location}`;
  } else {
    await sql`
      insert into inventory_levels (variant_id, location_id, quantity) values (${variant}, ${location}, ${quantity})
      on conflict (variant_id, location_id) do update set quantity = excluded.quantity`;
  }
}

describe("stock per location", () => {
  it("takes stock at the order's location only", async () => {
    await setStockAt(main, v.chipa, 20);
    await setStockAt(north, v.chipa, 5);
    const placed = await placeOrder(sql, { cartId: await cartWith(sql, [[v.chipa, 3]]), location: north });
    expect(await stockAt(north, v.chipa)).toBe(2);
    expect(await stockAt(main, v.chipa)).toBe(20);
    const [{ location_id }] = await sql`select location_id from orders where id = ${placed.order_id}`;
    expect(location_id).toBe(north);

    await placeOrder(sql, { cartId: await cartWith(sql, [[v.chipa, 4]]), location: main });
    expect(await stockAt(main, v.chipa)).toBe(16);
    expect(await stockAt(north, v.chipa)).toBe(2);
  });

  it("refuses more than the order's location has (LR409) even when another location has plenty", async () => {
    await setStockAt(main, v.chipa, 20);
    await setStockAt(north, v.chipa, 2);
    const cartId = await cartWith(sql, [[v.chipa, 3]]);
    const error = await expectSqlError(placeOrder(sql, { cartId, location: north }), "LR409");
    expect(error.message).toBe("Only 2 of Chipa (cheese bread) (Bag of 6) left. Change the quantity in your cart to continue.");
    expect(await stockAt(north, v.chipa)).toBe(2);
    expect(await stockAt(main, v.chipa)).toBe(20);
  });

  it("does not limit a variant at a location that does not track it", async () => {
    await setStockAt(main, v.chipa, 20);
    await setStockAt(north, v.chipa, null);
    await placeOrder(sql, { cartId: await cartWith(sql, [[v.chipa, 15]]), location: north });
    expect(await stockAt(north, v.chipa)).toBeNull();
    expect(await stockAt(main, v.chipa)).toBe(20);
  });

  it("gives an expired order's stock back to its own location", async () => {
    await setStockAt(main, v.chipa, 20);
    await setStockAt(north, v.chipa, 10);
    const placed = await placeOrder(sql, { cartId: await cartWith(sql, [[v.chipa, 4]]), location: north });
    await placeOrder(sql, { cartId: await cartWith(sql, [[v.chipa, 1]]), location: main });
    expect([await stockAt(main, v.chipa), await stockAt(north, v.chipa)]).toEqual([19, 6]);
    const [{ expired }] = await sql`select expire_unpaid_order(${placed.order_id}, 'test') as expired`;
    expect(expired).toBe(true);
    expect([await stockAt(main, v.chipa), await stockAt(north, v.chipa)]).toEqual([19, 10]);
    // Expiring again gives nothing more back.
    const [{ again }] = await sql`select expire_unpaid_order(${placed.order_id}, 'test') as again`;
    expect(again).toBe(false);
    expect(await stockAt(north, v.chipa)).toBe(10);
  });

  it("gives back every line of a variant, and only what was taken", async () => {
    await setStockAt(main, v.beefSingle, 10);
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 2, []);
    await addLine(sql, cartId, v.beefSingle, 3, [chimichurri]);
    await addLine(sql, cartId, v.horchata, 1, []);
    const placed = await placeOrder(sql, { cartId, location: main });
    expect(await stockAt(main, v.beefSingle)).toBe(5);
    await sql`select expire_unpaid_order(${placed.order_id}, 'test')`;
    expect(await stockAt(main, v.beefSingle)).toBe(10);
    expect(await stockAt(main, v.horchata)).toBeNull();
    await setStockAt(main, v.beefSingle, null);
  });
});

describe("lines of one variant with different choices", () => {
  beforeEach(async () => {
    await setStock(sql, v.beefSingle, 5);
  });

  it("count together when added to the cart (LR409 on quantity)", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 3, []);
    const error = await expectSqlError(addLine(sql, cartId, v.beefSingle, 3, [chimichurri]), "LR409", "quantity");
    expect(error.message).toBe("Only 5 of Beef Criolla (Single) left.");
    await addLine(sql, cartId, v.beefSingle, 2, [chimichurri]);
    const [{ total }] = await sql`select sum(quantity)::int as total from cart_items where cart_id = ${cartId}`;
    expect(total).toBe(5);
  });

  it("count together when a line's quantity is raised (LR409 on quantity)", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 3, []);
    const line = await addLine(sql, cartId, v.beefSingle, 1, [chimichurri]);
    await expectSqlError(sql`select cart_set_quantity(${cartId}, ${line}, 3)`, "LR409", "quantity");
    await sql`select cart_set_quantity(${cartId}, ${line}, 2)`;
  });

  it("count together when the order takes stock", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 3, []);
    await addLine(sql, cartId, v.beefSingle, 2, [chimichurri]);
    await setStock(sql, v.beefSingle, 4);
    const before = await rowCounts(sql, ["orders", "order_items"]);
    await expectSqlError(placeOrder(sql, { cartId, location: main }), "LR409");
    expect(await rowCounts(sql, ["orders", "order_items"])).toEqual(before);
    expect(await stockOf(sql, v.beefSingle)).toBe(4);
    await setStock(sql, v.beefSingle, 5);
    await placeOrder(sql, { cartId, location: main });
    expect(await stockOf(sql, v.beefSingle)).toBe(0);
  });

  it("are all flagged unavailable once the stock is below their sum", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 3, []);
    await addLine(sql, cartId, v.beefSingle, 2, [chimichurri]);
    const flags = async () =>
      (await sql<{ unavailable: boolean; stock: number }[]>`
        select unavailable, stock from cart_lines where cart_id = ${cartId} order by line_id`);
    expect(await flags()).toEqual([{ unavailable: false, stock: 5 }, { unavailable: false, stock: 5 }]);
    await setStock(sql, v.beefSingle, 4);
    expect(await flags()).toEqual([{ unavailable: true, stock: 4 }, { unavailable: true, stock: 4 }]);
  });
});

describe("sold out in the cart", () => {
  it("shows a line unavailable with stock 0 once another buyer has taken the last units", async () => {
    await setStock(sql, v.chipa, 3);
    const mine = await cartWith(sql, [[v.chipa, 2]]);
    const line = async () =>
      (await sql<{ unavailable: boolean; stock: number }[]>`select unavailable, stock from cart_lines where cart_id = ${mine}`)[0];
    expect(await line()).toEqual({ unavailable: false, stock: 3 });
    await placeOrder(sql, { cartId: await cartWith(sql, [[v.chipa, 3]]), location: main });
    expect(await line()).toEqual({ unavailable: true, stock: 0 });
    await expectSqlError(placeOrder(sql, { cartId: mine, location: main }), "LR409");
    // The cart cannot take more of it either.
    await expectSqlError(addLine(sql, await newCart(sql), v.chipa, 1, []), "LR409", "variantId");
  });

  it("reads the shop's location for the cart, not another location's stock", async () => {
    await setStockAt(main, v.chipa, 2);
    await setStockAt(north, v.chipa, 0);
    const cartId = await cartWith(sql, [[v.chipa, 2]]);
    const [row] = await sql`select unavailable, stock from cart_lines where cart_id = ${cartId}`;
    expect(row).toEqual({ unavailable: false, stock: 2 });
  });
});

describe("racing buyers", () => {
  it("sell exactly the last 7 jars to 60 buyers racing for them, and stock ends at 0", async () => {
    await setStock(sql, v.jar, 60);
    const carts = await Promise.all(Array.from({ length: 60 }, () => cartWith(sql, [[v.jar, 1]])));
    await setStock(sql, v.jar, 7);
    const racers = racingPool(database.url);
    let outcomes: string[];
    try {
      // Shipping, so no slot serialises the buyers: only the stock row stands between them.
      outcomes = await Promise.all(carts.map((cartId) => outcomeOf(placeOrder(racers, { cartId, location: main, fulfillment: "shipping" }))));
    } finally {
      await racers.end();
    }
    expect(tally(outcomes)).toEqual({ placed: 7, LR409: 53 });
    expect(await stockOf(sql, v.jar)).toBe(0);
    const [{ orders, jars }] = await sql`
      select count(distinct o.id)::int as orders, sum(oi.quantity)::int as jars
        from orders o join order_items oi on oi.order_id = o.id
       where o.cart_id in ${sql(carts)}`;
    expect({ orders, jars }).toEqual({ orders: 7, jars: 7 });
    const [{ open }] = await sql`select count(*)::int as open from carts where id in ${sql(carts)} and checked_out_at is null`;
    expect(open).toBe(53);
  });

  it("never oversell when buyers want different quantities and other variants too", async () => {
    await setStock(sql, v.jar, 60);
    await setStock(sql, v.chipa, 60);
    // 50 buyers: jars 1, 2 or 3 each, half of them with Chipa as well; 20 jars and 15 Chipa left.
    const wants = Array.from({ length: 50 }, (_, i) => ({ jars: (i % 3) + 1, chipa: i % 2 === 0 ? 1 : 0 }));
    const carts = await Promise.all(
      wants.map((want) => cartWith(sql, want.chipa ? [[v.chipa, want.chipa], [v.jar, want.jars]] : [[v.jar, want.jars]])),
    );
    await setStock(sql, v.jar, 20);
    await setStock(sql, v.chipa, 15);
    // Each buyer in a slot of their own, so only the stock rows stand between them.
    const slots = (await sql<{ s: Date }[]>`select s from fulfillment_slots(${main}, 'pickup') s order by s desc limit 50`).map((row) => row.s);
    const racers = racingPool(database.url);
    let outcomes: string[];
    try {
      outcomes = await Promise.all(
        carts.map((cartId, index) => outcomeOf(placeOrder(racers, { cartId, location: main, pickupAt: slots[index] }))),
      );
    } finally {
      await racers.end();
    }
    expect(outcomes.every((outcome) => outcome === "placed" || outcome === "LR409")).toBe(true);
    const [{ jars, chipa }] = await sql`
      select coalesce(sum(oi.quantity) filter (where oi.variant_id = ${v.jar}), 0)::int as jars,
             coalesce(sum(oi.quantity) filter (where oi.variant_id = ${v.chipa}), 0)::int as chipa
        from orders o join order_items oi on oi.order_id = o.id where o.cart_id in ${sql(carts)}`;
    expect(jars + ((await stockOf(sql, v.jar)) ?? -1)).toBe(20);
    expect(chipa + ((await stockOf(sql, v.chipa)) ?? -1)).toBe(15);
    expect(outcomes.filter((outcome) => outcome === "placed").length).toBeGreaterThan(0);
    // Each placed order got everything it asked for.
    for (const [index, cartId] of carts.entries()) {
      if (outcomes[index] !== "placed") continue;
      const items = await sql<{ variant_id: number; quantity: number }[]>`
        select oi.variant_id, oi.quantity from orders o join order_items oi on oi.order_id = o.id
         where o.cart_id = ${cartId} order by oi.variant_id`;
      const expected = [
        ...(wants[index].chipa ? [{ variant_id: v.chipa, quantity: 1 }] : []),
        { variant_id: v.jar, quantity: wants[index].jars },
      ].sort((a, b) => a.variant_id - b.variant_id);
      expect(items).toEqual(expected);
    }
  });
});
