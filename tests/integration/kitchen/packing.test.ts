// Packing: the day's orders carry their products' allergens and where they go; a pickup nobody
// collected is recorded once and counted on the customer; the CSV streams one line per item.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";
import { expectSqlError } from "../../support/sql-helpers";

let harness: AppHarness;
let board: typeof import("~/kitchen/board.server");
let packing: typeof import("~/kitchen/packing.server");
let staffId: number;

beforeAll(async () => {
  harness = await startAppHarness();
  board = await import("~/kitchen/board.server");
  packing = await import("~/kitchen/packing.server");
  [{ id: staffId }] = await harness.database.sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('packer@example.com', 'Packer', 'x', 'staff') returning id`;
});

afterAll(async () => {
  await harness?.stop();
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("packing", () => {
  it("shows each item's allergens on the day's orders, and refuses a tag that is not a plain word", async () => {
    const sql = harness.database.sql;
    const [location] = await board.listBoardLocations();
    const id = await harness.placeOrder("allergic@example.com");
    await sql`select private.mark_order_paid(${id})`;
    await sql`update products set allergens = '{gluten,dairy}' where id in (
      select v.product_id from order_items i join variants v on v.id = i.variant_id where i.order_id = ${id})`;
    await sql`update orders set pickup_at = '2030-06-01 12:00'::timestamp at time zone ${location.timezone} where id = ${id}`;
    const [order] = await board.boardOrders(location, "2030-06-01");
    expect(order.items[0].allergens).toEqual(["gluten", "dairy"]);
    await expectSqlError(sql`update products set allergens = '{"<b>nuts</b>"}' where id = (select min(id) from products)`, "23514");
    await expectSqlError(sql`update products set allergens = '{""}' where id = (select min(id) from products)`, "23514");
  });

  it("records a pickup nobody collected once, counts it on the customer, and refuses one not due yet", async () => {
    const sql = harness.database.sql;
    const id = await harness.placeOrder("noshow@example.com");
    await sql`select private.mark_order_paid(${id})`;
    await expectSqlError(sql`select record_no_show(${id}, ${staffId})`, "LR409");
    await sql`update orders set pickup_at = now() - interval '2 hours' where id = ${id}`;
    await sql`select record_no_show(${id}, ${staffId})`;
    const [row] = await sql`select o.no_show_by, c.no_shows from orders o join customers c on c.id = o.customer_id where o.id = ${id}`;
    expect(row).toEqual({ no_show_by: staffId, no_shows: 1 });
    await expectSqlError(sql`select record_no_show(${id}, ${staffId})`, "LR409");
    const [again] = await sql`select c.no_shows from orders o join customers c on c.id = o.customer_id where o.id = ${id}`;
    expect(again.no_shows).toBe(1);
    const events = await sql`select type, admin_user_id from order_events where order_id = ${id} and type = 'no_show'`;
    expect(events).toEqual([{ type: "no_show", admin_user_id: staffId }]);
  });

  it("streams the packing list as CSV, one line per item, quoted where needed", async () => {
    const sql = harness.database.sql;
    const [location] = await board.listBoardLocations();
    const id = await harness.placeOrder("csv@example.com");
    await sql`select private.mark_order_paid(${id})`;
    await sql`update orders set pickup_at = '2030-07-01 12:00'::timestamp at time zone ${location.timezone},
                                customer_name = 'Ana "La Jefa", Pérez', customer_note = 'No onions, please' where id = ${id}`;
    const csv = await readAll(packing.packingCsv(location, "2030-07-01", "pickup"));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Order,Customer,Phone,Time,Zone,Address,Postal code,Item,Option,Choices,Quantity,Allergens,Note,State");
    const [{ items }] = await sql<{ items: number }[]>`select count(*)::int as items from order_items where order_id = ${id}`;
    expect(lines).toHaveLength(1 + items);
    expect(lines[1]).toContain('"Ana ""La Jefa"", Pérez"');
    expect(lines[1]).toContain("2030-07-01 12:00");
    expect(lines[1]).toContain('"No onions, please"');
    expect(lines[1]).not.toContain("NULL");
    expect(await readAll(packing.packingCsv(location, "2030-07-02", "pickup"))).toBe(lines[0] + "\r\n");
  });
});
