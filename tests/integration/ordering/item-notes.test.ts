// Item notes ("no onions"): a note makes its own cart line, is tidied and kept to 140 characters,
// goes onto the order's item for the ticket and the board, comes back with a revision cart, and is
// erased with the customer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { expectSqlError, locationId, newCart, placeOrder, seededVariants, type Sql } from "../../support/sql-helpers";

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

const lines = (cartId: string) =>
  sql<{ note: string; quantity: number }[]>`select note, quantity from cart_lines where cart_id = ${cartId} order by line_id`;

describe("item notes", () => {
  it("keeps a line per note: the same item with and without a note are two lines, the same note adds up", async () => {
    const cartId = await newCart(sql);
    await sql`select cart_add_item(${cartId}, ${v.beefSingle}, 1)`;
    await sql`select cart_add_item(${cartId}, ${v.beefSingle}, 2, '{}', '  no   onions ')`;
    await sql`select cart_add_item(${cartId}, ${v.beefSingle}, 1, '{}', 'no onions')`;
    expect(await lines(cartId)).toEqual([{ note: "", quantity: 1 }, { note: "no onions", quantity: 3 }]);
  });

  it("refuses a note over 140 characters on its field, adding nothing", async () => {
    const cartId = await newCart(sql);
    await expectSqlError(sql`select cart_add_item(${cartId}, ${v.beefSingle}, 1, '{}', ${"x".repeat(141)})`, "LR422", "note");
    expect(await lines(cartId)).toEqual([]);
    await expect(sql`insert into cart_items (cart_id, variant_id, quantity, note) values (${cartId}, ${v.beefSingle}, 1, ${"line\nbreak"})`).rejects.toThrow(/cart_items_note_check/);
  });

  it("copies the note onto the order's item, back into a revision cart, and erases it with the customer", async () => {
    const cartId = await newCart(sql);
    await sql`select cart_add_item(${cartId}, ${v.beefSingle}, 2, '{}', 'cut in half, for Maria')`;
    const order = await placeOrder(sql, { cartId, location: await locationId(sql), email: "maria.notes@example.com" });
    const [item] = await sql<{ note: string }[]>`select note from order_items where order_id = ${order.order_id}`;
    expect(item.note).toBe("cut in half, for Maria");
    const [{ cart }] = await sql<{ cart: string }[]>`select order_revision_cart(${order.order_id}) as cart`;
    expect(await lines(cart)).toEqual([{ note: "cut in half, for Maria", quantity: 2 }]);

    const [{ id: ownerId }] = await sql<{ id: number }[]>`
      insert into admin_users (email, password_hash, role) values ('owner.notes@masa.example', 'x', 'owner') returning id`;
    await sql`update orders set state = 'cancelled' where id = ${order.order_id}`;
    await sql`select erase_customer('maria.notes@example.com', null, 'maria.notes@example.com', ${ownerId}, 'r', null)`;
    const [erased] = await sql<{ note: string }[]>`select note from order_items where order_id = ${order.order_id}`;
    expect(erased.note).toBe("");
  });
});
