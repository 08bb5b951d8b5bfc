// The cart functions (cart_add_item, cart_set_quantity, cart_remove_item) and the cart_lines view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  addToCart,
  cartItems,
  cartWith,
  expectSqlError,
  locationId,
  newCart,
  placeOrder,
  seededVariants,
  setStock,
  type Sql,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let v: Awaited<ReturnType<typeof seededVariants>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  v = await seededVariants(sql);
});

afterAll(async () => {
  await database?.drop();
});

function setQuantity(cartId: string, variant: number, quantity: number) {
  return sql`select cart_set_quantity(${cartId}, (select id from cart_items where cart_id = ${cartId} and variant_id = ${variant}), ${quantity})`;
}

function removeItem(cartId: string, variant: number) {
  return sql`select cart_remove_item(${cartId}, (select id from cart_items where cart_id = ${cartId} and variant_id = ${variant}))`;
}

describe("cart_add_item", () => {
  it("adds a line with the quantity asked for", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 3]]);
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.beefSingle, quantity: 3 }]);
  });

  it("accumulates the quantity when the same variant is added again", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 3], [v.beefSingle, 4]]);
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.beefSingle, quantity: 7 }]);
  });

  it("bumps the cart's updated_at", async () => {
    const cartId = await newCart(sql);
    await sql`update carts set updated_at = now() - interval '1 day' where id = ${cartId}`;
    await addToCart(sql, cartId, v.horchata, 1);
    const [cart] = await sql<{ fresh: boolean }[]>`
      select updated_at > now() - interval '1 minute' as fresh from carts where id = ${cartId}`;
    expect(cart.fresh).toBe(true);
  });

  it("allows exactly 99 of one item in total", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 50], [v.beefSingle, 49]]);
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.beefSingle, quantity: 99 }]);
  });

  it("refuses to take a line past 99 (LR422 on quantity) and leaves the line as it was", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 90]]);
    await expectSqlError(addToCart(sql, cartId, v.beefSingle, 10), "LR422", "quantity");
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.beefSingle, quantity: 90 }]);
  });

  it.each([0, -1, 100, null])("refuses quantity %s (LR422 on quantity)", async (quantity) => {
    const cartId = await newCart(sql);
    await expectSqlError(
      sql`select cart_add_item(${cartId}, ${v.beefSingle}, ${quantity as number})`,
      "LR422",
      "quantity",
    );
    expect(await cartItems(sql, cartId)).toEqual([]);
  });

  it("refuses a variant that does not exist (LR404)", async () => {
    const cartId = await newCart(sql);
    await expectSqlError(addToCart(sql, cartId, 987_654, 1), "LR404", "variantId");
    expect(await cartItems(sql, cartId)).toEqual([]);
  });

  it("refuses a variant of a product taken off the menu (LR404)", async () => {
    const variant = v.beefHalfDozen;
    await sql`update products set is_active = false where id = (select product_id from variants where id = ${variant})`;
    try {
      const cartId = await newCart(sql);
      await expectSqlError(addToCart(sql, cartId, variant, 1), "LR404", "variantId");
    } finally {
      await sql`update products set is_active = true where id = (select product_id from variants where id = ${variant})`;
    }
  });

  it("refuses the sold-out Spicy Chorizo (LR409) without changing the cart", async () => {
    const cartId = await cartWith(sql, [[v.horchata, 2]]);
    const error = await expectSqlError(addToCart(sql, cartId, v.chorizoSingle, 1), "LR409", "variantId");
    expect(error.message).toContain("Spicy Chorizo");
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.horchata, quantity: 2 }]);
  });

  it("refuses a tracked variant whose stock is 0 even when not flagged sold out (LR409)", async () => {
    await setStock(sql, v.chipa, 0);
    try {
      const cartId = await newCart(sql);
      await expectSqlError(addToCart(sql, cartId, v.chipa, 1), "LR409", "variantId");
      expect(await cartItems(sql, cartId)).toEqual([]);
    } finally {
      await setStock(sql, v.chipa, 20);
    }
  });

  it("allows Chipa up to its stock of 20", async () => {
    const cartId = await cartWith(sql, [[v.chipa, 20]]);
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.chipa, quantity: 20 }]);
  });

  it("refuses more Chipa than its stock of 20 (LR409 on quantity)", async () => {
    const cartId = await newCart(sql);
    const error = await expectSqlError(addToCart(sql, cartId, v.chipa, 21), "LR409", "quantity");
    expect(error.message).toContain("20");
    expect(await cartItems(sql, cartId)).toEqual([]);
  });

  it("counts what is already in the cart against Chipa's stock", async () => {
    const cartId = await cartWith(sql, [[v.chipa, 15]]);
    await expectSqlError(addToCart(sql, cartId, v.chipa, 6), "LR409", "quantity");
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.chipa, quantity: 15 }]);
  });

  it("refuses a cart that does not exist (LR404)", async () => {
    await expectSqlError(addToCart(sql, "00000000-0000-4000-8000-000000000000", v.beefSingle, 1), "LR404");
  });
});

describe("cart_set_quantity and cart_remove_item", () => {
  it("sets a line's quantity", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 3]]);
    await setQuantity(cartId, v.beefSingle, 8);
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.beefSingle, quantity: 8 }]);
  });

  it("removes the line when the quantity is set to 0", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 3], [v.horchata, 1]]);
    await setQuantity(cartId, v.beefSingle, 0);
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.horchata, quantity: 1 }]);
  });

  it.each([100, -1])("refuses quantity %s (LR422 on quantity) and keeps the line", async (quantity) => {
    const cartId = await cartWith(sql, [[v.beefSingle, 3]]);
    await expectSqlError(setQuantity(cartId, v.beefSingle, quantity), "LR422", "quantity");
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.beefSingle, quantity: 3 }]);
  });

  it("judges the quantity before looking for the line (LR422 for -1 of a variant not in the cart)", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 3]]);
    await expectSqlError(setQuantity(cartId, v.horchata, -1), "LR422", "quantity");
  });

  it("refuses to set more Chipa than its stock (LR409 on quantity)", async () => {
    const cartId = await cartWith(sql, [[v.chipa, 2]]);
    await expectSqlError(setQuantity(cartId, v.chipa, 21), "LR409", "quantity");
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.chipa, quantity: 2 }]);
  });

  it("refuses to set the quantity of a variant not in the cart (LR404)", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 3]]);
    await expectSqlError(setQuantity(cartId, v.horchata, 2), "LR404", "lineId");
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.beefSingle, quantity: 3 }]);
  });

  it("removes a line with cart_remove_item", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 3], [v.horchata, 1]]);
    await removeItem(cartId, v.horchata);
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.beefSingle, quantity: 3 }]);
  });
});

describe("a checked-out cart", () => {
  let cartId: string;

  beforeAll(async () => {
    cartId = await cartWith(sql, [[v.beefSingle, 2]]);
    await placeOrder(sql, { cartId, location: await locationId(sql) });
  });

  it("refuses cart_add_item (LR409)", async () => {
    await expectSqlError(addToCart(sql, cartId, v.horchata, 1), "LR409");
  });

  it("refuses cart_set_quantity (LR409)", async () => {
    await expectSqlError(setQuantity(cartId, v.beefSingle, 5), "LR409");
  });

  it("refuses cart_remove_item (LR409)", async () => {
    await expectSqlError(removeItem(cartId, v.beefSingle), "LR409");
  });

  it("keeps its lines as they were when it was checked out", async () => {
    expect(await cartItems(sql, cartId)).toEqual([{ variant_id: v.beefSingle, quantity: 2 }]);
  });
});

describe("cart_lines", () => {
  it("shows each line with the menu's names and price and its line total", async () => {
    const cartId = await cartWith(sql, [[v.beefHalfDozen, 2], [v.horchata, 3]]);
    const lines = await sql`
      select variant_id, product_name, product_slug, variant_name, quantity, price_cents, currency,
             line_total_cents, unavailable
        from cart_lines where cart_id = ${cartId} order by variant_id`;
    expect(lines).toEqual([
      {
        variant_id: v.beefHalfDozen, product_name: "Beef Criolla", product_slug: "beef-criolla",
        variant_name: "Half dozen", quantity: 2, price_cents: 450 * 6 - 150, currency: "USD",
        line_total_cents: 2 * (450 * 6 - 150), unavailable: false,
      },
      {
        variant_id: v.horchata, product_name: "Horchata", product_slug: "horchata",
        variant_name: "16 oz", quantity: 3, price_cents: 400, currency: "USD",
        line_total_cents: 1200, unavailable: false,
      },
    ]);
  });

  it("totals the cart as the sum of its line totals", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 4], [v.beefHalfDozen, 1], [v.horchata, 2]]);
    const [totals] = await sql<{ total: number; items: number }[]>`
      select sum(line_total_cents)::bigint as total, sum(quantity)::int as items
        from cart_lines where cart_id = ${cartId}`;
    expect(totals).toEqual({ total: 4 * 450 + (450 * 6 - 150) + 2 * 400, items: 7 });
  });

  it("follows the menu's current price", async () => {
    const cartId = await cartWith(sql, [[v.horchata, 2]]);
    await sql`update variants set price_cents = 450 where id = ${v.horchata}`;
    try {
      const [line] = await sql`select price_cents, line_total_cents from cart_lines where cart_id = ${cartId}`;
      expect(line).toEqual({ price_cents: 450, line_total_cents: 900 });
    } finally {
      await sql`update variants set price_cents = 400 where id = ${v.horchata}`;
    }
  });

  it("flags a line unavailable once its variant sells out or its stock drops below the quantity", async () => {
    const cartId = await cartWith(sql, [[v.chipa, 5]]);
    const unavailable = async () =>
      (await sql<{ unavailable: boolean }[]>`select unavailable from cart_lines where cart_id = ${cartId}`)[0]
        .unavailable;
    try {
      expect(await unavailable()).toBe(false);
      await setStock(sql, v.chipa, 4);
      expect(await unavailable()).toBe(true);
      await setStock(sql, v.chipa, 20);
      await sql`update variants set sold_out = true where id = ${v.chipa}`;
      expect(await unavailable()).toBe(true);
    } finally {
      await setStock(sql, v.chipa, 20);
    }
  });
});
