// Modifier choices on cart lines (check_modifier_selection through cart_add_item, cart_lines) and
// what place_order keeps of them: the Party Box's Fillings (1 to 3) and Add a salsa (0 to 2,
// +$1.50 each), which Beef Criolla also offers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  addLine,
  expectSqlError,
  latestPickupSlot,
  locationId,
  modifierId,
  modifierListId,
  newCart,
  orderRow,
  placeOrder,
  rowCounts,
  seededVariants,
  setStock,
  stockOf,
  variantId,
  type Sql,
  withoutDemoPricing,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>> & { boxHalf: number; boxDozen: number };
let list: { fillings: number; salsa: number };
let m: Record<"beef" | "chicken" | "spinach" | "humita" | "ham" | "chimichurri" | "criolla", number>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  await withoutDemoPricing(sql);
  location = await locationId(sql);
  v = {
    ...(await seededVariants(sql)),
    boxHalf: await variantId(sql, "party-box", "Half dozen"),
    boxDozen: await variantId(sql, "party-box", "Dozen"),
  };
  list = { fillings: await modifierListId(sql, "Fillings"), salsa: await modifierListId(sql, "Add a salsa") };
  m = {
    beef: await modifierId(sql, "Fillings", "Beef Criolla"),
    chicken: await modifierId(sql, "Fillings", "Chicken & Chipotle"),
    spinach: await modifierId(sql, "Fillings", "Spinach & Ricotta"),
    humita: await modifierId(sql, "Fillings", "Humita"),
    ham: await modifierId(sql, "Fillings", "Ham & Cheese"),
    chimichurri: await modifierId(sql, "Add a salsa", "Chimichurri"),
    criolla: await modifierId(sql, "Add a salsa", "Salsa Criolla"),
  };
});

afterAll(async () => {
  await database?.drop();
});

/** Runs a test with a menu change in place, then puts the seeded menu back. */
async function withMenuChange(change: string, undo: string, test: () => Promise<void>) {
  await sql.unsafe(change);
  try {
    await test();
  } finally {
    await sql.unsafe(undo);
  }
}

async function lines(cartId: string) {
  return sql<{ line_id: number; variant_id: number; modifier_ids: number[]; quantity: number }[]>`
    select line_id, variant_id, modifier_ids, quantity from cart_lines where cart_id = ${cartId} order by line_id`;
}

describe("choices outside a list's minimum and maximum", () => {
  it("refuses a Party Box without a filling, naming the Fillings list's field", async () => {
    const cartId = await newCart(sql);
    const error = await expectSqlError(addLine(sql, cartId, v.boxHalf, 1, []), "LR422", `modifierList${list.fillings}`);
    expect(error.message).toBe("Fillings: choose 1 to 3.");
    expect(await lines(cartId)).toEqual([]);
  });

  it("refuses a salsa without a filling on the Fillings field, the first list that is wrong", async () => {
    const cartId = await newCart(sql);
    await expectSqlError(addLine(sql, cartId, v.boxHalf, 1, [m.chimichurri]), "LR422", `modifierList${list.fillings}`);
  });

  it("refuses four fillings (at most 3)", async () => {
    const cartId = await newCart(sql);
    const error = await expectSqlError(
      addLine(sql, cartId, v.boxDozen, 1, [m.beef, m.chicken, m.spinach, m.humita]),
      "LR422",
      `modifierList${list.fillings}`,
    );
    expect(error.message).toBe("Fillings: choose at most 3.");
    expect(await lines(cartId)).toEqual([]);
  });

  it("accepts one and three fillings, and no salsa (its minimum is 0)", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.boxHalf, 1, [m.ham]);
    await addLine(sql, cartId, v.boxDozen, 1, [m.beef, m.chicken, m.spinach]);
    await addLine(sql, cartId, v.beefSingle, 1, []);
    expect((await lines(cartId)).map((line) => line.modifier_ids)).toEqual([[m.ham], [m.beef, m.chicken, m.spinach], []]);
  });

  it("refuses more salsas than the salsa list's maximum, on that list's field", async () => {
    await withMenuChange(
      `update modifier_lists set max_selected = 1 where id = ${list.salsa}`,
      `update modifier_lists set max_selected = 2 where id = ${list.salsa}`,
      async () => {
        const cartId = await newCart(sql);
        const error = await expectSqlError(
          addLine(sql, cartId, v.beefSingle, 1, [m.chimichurri, m.criolla]),
          "LR422",
          `modifierList${list.salsa}`,
        );
        expect(error.message).toBe("Add a salsa: choose at most 1.");
        await addLine(sql, cartId, v.beefSingle, 1, [m.criolla]);
      },
    );
  });

  it("says 'choose N' when the minimum and maximum are equal, 'at least N' when there is no maximum", async () => {
    const cartId = await newCart(sql);
    await withMenuChange(
      `update modifier_lists set min_selected = 2, max_selected = 2 where id = ${list.fillings}`,
      `update modifier_lists set min_selected = 1, max_selected = 3 where id = ${list.fillings}`,
      async () => {
        const error = await expectSqlError(addLine(sql, cartId, v.boxHalf, 1, [m.beef]), "LR422", `modifierList${list.fillings}`);
        expect(error.message).toBe("Fillings: choose 2.");
      },
    );
    await withMenuChange(
      `update modifier_lists set min_selected = 2, max_selected = null where id = ${list.fillings}`,
      `update modifier_lists set min_selected = 1, max_selected = 3 where id = ${list.fillings}`,
      async () => {
        const error = await expectSqlError(addLine(sql, cartId, v.boxHalf, 1, [m.beef]), "LR422", `modifierList${list.fillings}`);
        expect(error.message).toBe("Fillings: choose at least 2.");
        await addLine(sql, cartId, v.boxHalf, 1, [m.beef, m.chicken, m.spinach, m.humita, m.ham]);
      },
    );
  });

  it("does not ask for a choice from a list that is switched off", async () => {
    await withMenuChange(
      `update modifier_lists set is_active = false where id = ${list.fillings}`,
      `update modifier_lists set is_active = true where id = ${list.fillings}`,
      async () => {
        const cartId = await newCart(sql);
        await addLine(sql, cartId, v.boxHalf, 1, []);
        expect(await lines(cartId)).toHaveLength(1);
      },
    );
  });
});

describe("choices that are not offered (LR422 on modifiers)", () => {
  it.each([
    ["an id that does not exist", () => ({ variant: v.boxHalf, ids: [m.beef, 987_654] })],
    ["a filling on Beef Criolla, which has no Fillings list", () => ({ variant: v.beefSingle, ids: [m.beef] })],
    ["a salsa on Horchata, which has no lists", () => ({ variant: v.horchata, ids: [m.chimichurri] })],
    ["a null id", () => ({ variant: v.beefSingle, ids: [null] })],
  ])("refuses %s", async (_label, choice) => {
    const { variant, ids } = choice();
    const cartId = await newCart(sql);
    const error = await expectSqlError(addLine(sql, cartId, variant, 1, ids), "LR422", "modifiers");
    expect(error.message).toBe("One of the choices is not offered for this item. Please choose again.");
    expect(await lines(cartId)).toEqual([]);
  });

  it("refuses a modifier that is switched off", async () => {
    await withMenuChange(
      `update modifiers set is_active = false where id = ${m.criolla}`,
      `update modifiers set is_active = true where id = ${m.criolla}`,
      async () => {
        const cartId = await newCart(sql);
        await expectSqlError(addLine(sql, cartId, v.beefSingle, 1, [m.criolla]), "LR422", "modifiers");
        await addLine(sql, cartId, v.beefSingle, 1, [m.chimichurri]);
      },
    );
  });

  it("refuses a modifier of a list that is switched off", async () => {
    await withMenuChange(
      `update modifier_lists set is_active = false where id = ${list.salsa}`,
      `update modifier_lists set is_active = true where id = ${list.salsa}`,
      async () => {
        const cartId = await newCart(sql);
        await expectSqlError(addLine(sql, cartId, v.beefSingle, 1, [m.chimichurri]), "LR422", "modifiers");
      },
    );
  });

  it("checks the choices before anything else changes the cart", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 2, [m.chimichurri]);
    await expectSqlError(addLine(sql, cartId, v.beefSingle, 3, [m.chimichurri, 987_654]), "LR422", "modifiers");
    expect((await lines(cartId)).map((line) => line.quantity)).toEqual([2]);
  });
});

describe("cart lines with choices", () => {
  it("stores the choices ascending and without repeats, whatever order they were sent in", async () => {
    const cartId = await newCart(sql);
    const first = await addLine(sql, cartId, v.boxHalf, 1, [m.spinach, m.beef, m.spinach]);
    expect(await lines(cartId)).toEqual([
      { line_id: first, variant_id: v.boxHalf, modifier_ids: [m.beef, m.spinach].sort((a, b) => a - b), quantity: 1 },
    ]);
  });

  it("merges the same choices in another order (and with repeats) into one line, adding the quantities", async () => {
    const cartId = await newCart(sql);
    const first = await addLine(sql, cartId, v.boxHalf, 2, [m.chicken, m.beef, m.chimichurri]);
    const again = await addLine(sql, cartId, v.boxHalf, 3, [m.chimichurri, m.beef, m.chicken, m.beef]);
    expect(again).toBe(first);
    expect(await lines(cartId)).toEqual([
      { line_id: first, variant_id: v.boxHalf, modifier_ids: [m.beef, m.chicken, m.chimichurri].sort((a, b) => a - b), quantity: 5 },
    ]);
  });

  it("keeps the same variant with other choices as a separate line", async () => {
    const cartId = await newCart(sql);
    const plain = await addLine(sql, cartId, v.beefSingle, 1, []);
    const withChimichurri = await addLine(sql, cartId, v.beefSingle, 2, [m.chimichurri]);
    const withBoth = await addLine(sql, cartId, v.beefSingle, 3, [m.criolla, m.chimichurri]);
    expect(new Set([plain, withChimichurri, withBoth]).size).toBe(3);
    expect((await lines(cartId)).map((line) => [line.line_id, line.quantity])).toEqual([
      [plain, 1], [withChimichurri, 2], [withBoth, 3],
    ]);
  });

  it("caps each line, not the variant, at 99", async () => {
    const cartId = await newCart(sql);
    const plain = await addLine(sql, cartId, v.beefSingle, 99, []);
    await addLine(sql, cartId, v.beefSingle, 99, [m.chimichurri]);
    await expectSqlError(addLine(sql, cartId, v.beefSingle, 1, []), "LR422", "quantity");
    expect((await lines(cartId)).find((line) => line.line_id === plain)?.quantity).toBe(99);
  });

  it("prices a line with its modifiers, listed in the menu's order", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 2, [m.criolla, m.chimichurri]);
    await addLine(sql, cartId, v.boxHalf, 1, [m.ham, m.beef, m.criolla]);
    const rows = await sql`
      select price_cents, modifiers_cents, unit_price_cents, line_total_cents, modifiers, unavailable
        from cart_lines where cart_id = ${cartId} order by line_id`;
    expect(rows).toEqual([
      {
        price_cents: 450, modifiers_cents: 300, unit_price_cents: 750, line_total_cents: 1500, unavailable: false,
        modifiers: [
          { id: m.chimichurri, list: "Add a salsa", name: "Chimichurri", priceCents: 150 },
          { id: m.criolla, list: "Add a salsa", name: "Salsa Criolla", priceCents: 150 },
        ],
      },
      {
        price_cents: 2400, modifiers_cents: 150, unit_price_cents: 2550, line_total_cents: 2550, unavailable: false,
        modifiers: [
          { id: m.beef, list: "Fillings", name: "Beef Criolla", priceCents: 0 },
          { id: m.ham, list: "Fillings", name: "Ham & Cheese", priceCents: 0 },
          { id: m.criolla, list: "Add a salsa", name: "Salsa Criolla", priceCents: 150 },
        ],
      },
    ]);
  });

  it("sets and removes one line by its id, leaving the variant's other lines alone", async () => {
    const cartId = await newCart(sql);
    const plain = await addLine(sql, cartId, v.beefSingle, 1, []);
    const withSalsa = await addLine(sql, cartId, v.beefSingle, 1, [m.criolla]);
    await sql`select cart_set_quantity(${cartId}, ${withSalsa}, 4)`;
    expect((await lines(cartId)).map((line) => [line.line_id, line.quantity])).toEqual([[plain, 1], [withSalsa, 4]]);
    await sql`select cart_remove_item(${cartId}, ${plain})`;
    expect((await lines(cartId)).map((line) => [line.line_id, line.quantity])).toEqual([[withSalsa, 4]]);
  });

  it("refuses another cart's line (LR404 on lineId) and leaves it alone", async () => {
    const mine = await newCart(sql);
    const theirs = await newCart(sql);
    const line = await addLine(sql, theirs, v.beefSingle, 2, [m.criolla]);
    await expectSqlError(sql`select cart_set_quantity(${mine}, ${line}, 5)`, "LR404", "lineId");
    await expectSqlError(sql`select cart_remove_item(${mine}, ${line})`, "LR404", "lineId");
    expect((await lines(theirs)).map((row) => row.quantity)).toEqual([2]);
  });

  it("flags a line unavailable when one of its choices is switched off or deleted", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 1, [m.criolla]);
    const unavailable = async () =>
      (await sql<{ unavailable: boolean }[]>`select unavailable from cart_lines where cart_id = ${cartId}`)[0].unavailable;
    expect(await unavailable()).toBe(false);
    await withMenuChange(
      `update modifiers set is_active = false where id = ${m.criolla}`,
      `update modifiers set is_active = true where id = ${m.criolla}`,
      async () => expect(await unavailable()).toBe(true),
    );
    await withMenuChange(
      `update modifier_lists set is_active = false where id = ${list.salsa}`,
      `update modifier_lists set is_active = true where id = ${list.salsa}`,
      async () => expect(await unavailable()).toBe(true),
    );
    const [{ id: extra }] = await sql<{ id: number }[]>`
      insert into modifiers (modifier_list_id, name, price_cents) values (${list.salsa}, 'Salsa Verde', 100) returning id`;
    const other = await newCart(sql);
    await addLine(sql, other, v.beefSingle, 1, [extra]);
    await sql`delete from modifiers where id = ${extra}`;
    const [line] = await sql`select unavailable, modifiers_cents, modifiers from cart_lines where cart_id = ${other}`;
    expect(line).toEqual({ unavailable: true, modifiers_cents: 0, modifiers: [] });
  });

  it("flags a line unavailable when its product no longer offers the list it chose from", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 1, [m.chimichurri]);
    const [beef] = await sql<{ id: number }[]>`select id from products where slug = 'beef-criolla'`;
    await withMenuChange(
      `delete from product_modifier_lists where product_id = ${beef.id} and modifier_list_id = ${list.salsa}`,
      `insert into product_modifier_lists (product_id, modifier_list_id, sort_order) values (${beef.id}, ${list.salsa}, 0)`,
      async () => {
        const [line] = await sql<{ unavailable: boolean }[]>`select unavailable from cart_lines where cart_id = ${cartId}`;
        expect(line.unavailable).toBe(true);
        await expectSqlError(placeOrder(sql, { cartId, location }), "LR409");
      },
    );
  });

  it("flags a line unavailable when its product gets a list it must choose from", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 1, []);
    await withMenuChange(
      `update modifier_lists set min_selected = 1 where id = ${list.salsa}`,
      `update modifier_lists set min_selected = 0 where id = ${list.salsa}`,
      async () => {
        const [line] = await sql<{ unavailable: boolean }[]>`select unavailable from cart_lines where cart_id = ${cartId}`;
        expect(line.unavailable).toBe(true);
        await expectSqlError(placeOrder(sql, { cartId, location }), "LR409");
      },
    );
  });
});

describe("place_order with modifier choices", () => {
  async function items(orderId: number) {
    return sql<{ id: number; variant_id: number; unit_price_cents: number; modifiers_cents: number; quantity: number; line_total_cents: number }[]>`
      select id, variant_id, unit_price_cents, modifiers_cents, quantity, line_total_cents
        from order_items where order_id = ${orderId} order by id`;
  }

  async function itemModifiers(orderItemId: number) {
    return sql`
      select modifier_id, modifier_list_name, name, price_cents, sort_order
        from order_item_modifiers where order_item_id = ${orderItemId} order by sort_order`;
  }

  it("snapshots each line's choices, their prices and the line total with them", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 3, [m.criolla, m.chimichurri]);
    await addLine(sql, cartId, v.beefSingle, 1, []);
    await addLine(sql, cartId, v.boxDozen, 2, [m.humita, m.beef, m.chimichurri]);
    const placed = await placeOrder(sql, { cartId, location });
    const rows = await items(placed.order_id);
    expect(rows.map(({ id: _id, ...row }) => row)).toEqual([
      { variant_id: v.beefSingle, unit_price_cents: 450, modifiers_cents: 300, quantity: 3, line_total_cents: 2250 },
      { variant_id: v.beefSingle, unit_price_cents: 450, modifiers_cents: 0, quantity: 1, line_total_cents: 450 },
      { variant_id: v.boxDozen, unit_price_cents: 4500, modifiers_cents: 150, quantity: 2, line_total_cents: 9300 },
    ]);
    expect(await itemModifiers(rows[0].id)).toEqual([
      { modifier_id: m.chimichurri, modifier_list_name: "Add a salsa", name: "Chimichurri", price_cents: 150, sort_order: 1 },
      { modifier_id: m.criolla, modifier_list_name: "Add a salsa", name: "Salsa Criolla", price_cents: 150, sort_order: 2 },
    ]);
    expect(await itemModifiers(rows[1].id)).toEqual([]);
    expect(await itemModifiers(rows[2].id)).toEqual([
      { modifier_id: m.beef, modifier_list_name: "Fillings", name: "Beef Criolla", price_cents: 0, sort_order: 1 },
      { modifier_id: m.humita, modifier_list_name: "Fillings", name: "Humita", price_cents: 0, sort_order: 2 },
      { modifier_id: m.chimichurri, modifier_list_name: "Add a salsa", name: "Chimichurri", price_cents: 150, sort_order: 3 },
    ]);
    const order = await orderRow(sql, placed.order_id);
    expect(order).toMatchObject({ subtotal_cents: 2250 + 450 + 9300, total_cents: 2250 + 450 + 9300 });
  });

  it("prices choices at the menu's price when the order is placed, and keeps the snapshot afterwards", async () => {
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.beefSingle, 2, [m.criolla]);
    await withMenuChange(
      `update modifiers set price_cents = 200 where id = ${m.criolla}`,
      `update modifiers set price_cents = 150, name = 'Salsa Criolla' where id = ${m.criolla}`,
      async () => {
        const placed = await placeOrder(sql, { cartId, location });
        await sql`update modifiers set price_cents = 999, name = 'Renamed' where id = ${m.criolla}`;
        const [item] = await items(placed.order_id);
        expect(item).toMatchObject({ modifiers_cents: 200, line_total_cents: 1300 });
        expect(await itemModifiers(item.id)).toEqual([
          { modifier_id: m.criolla, modifier_list_name: "Add a salsa", name: "Salsa Criolla", price_cents: 200, sort_order: 1 },
        ]);
        expect((await orderRow(sql, placed.order_id)).subtotal_cents).toBe(1300);
      },
    );
  });

  it("refuses a line whose choice was switched off after it was added (LR409) and takes nothing", async () => {
    await setStock(sql, v.chipa, 20);
    const cartId = await newCart(sql);
    await addLine(sql, cartId, v.chipa, 2, []);
    await addLine(sql, cartId, v.beefSingle, 1, [m.criolla]);
    const slot = await latestPickupSlot(sql, location);
    const [{ reserved: reservedBefore }] = await sql<{ reserved: number }[]>`
      select coalesce(sum(reserved), 0)::int as reserved from slot_reservations where location_id = ${location}`;
    const before = await rowCounts(sql, ["orders", "order_items", "order_item_modifiers", "order_events"]);
    await withMenuChange(
      `update modifiers set is_active = false where id = ${m.criolla}`,
      `update modifiers set is_active = true where id = ${m.criolla}`,
      async () => {
        const error = await expectSqlError(placeOrder(sql, { cartId, location, pickupAt: slot }), "LR409");
        expect(error.message).toBe(
          "The choices for Beef Criolla (Single) have changed. Remove it from your cart and add it again.",
        );
      },
    );
    expect(await rowCounts(sql, ["orders", "order_items", "order_item_modifiers", "order_events"])).toEqual(before);
    expect(await stockOf(sql, v.chipa)).toBe(20);
    const [{ reserved: reservedAfter }] = await sql<{ reserved: number }[]>`
      select coalesce(sum(reserved), 0)::int as reserved from slot_reservations where location_id = ${location}`;
    expect(reservedAfter).toBe(reservedBefore);
    const [cart] = await sql`select checked_out_at from carts where id = ${cartId}`;
    expect(cart.checked_out_at).toBeNull();
    // Once the choice is back on the menu the same cart goes through.
    const placed = await placeOrder(sql, { cartId, location, pickupAt: slot });
    expect(placed.already_placed).toBe(false);
    expect(await stockOf(sql, v.chipa)).toBe(18);
  });
});
