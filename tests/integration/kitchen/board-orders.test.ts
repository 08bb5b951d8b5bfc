// boardOrders: the orders due on one day of the location's own calendar (pickup, delivery, shipping),
// paid or later, soonest first; unpaid orders and other days stay off the board.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;
let board: typeof import("~/kitchen/board.server");

beforeAll(async () => {
  harness = await startAppHarness();
  board = await import("~/kitchen/board.server");
});

afterAll(async () => {
  await harness?.stop();
});

describe("the board's day", () => {
  it("holds the paid orders due that local day, by promised time, and nothing unpaid", async () => {
    const sql = harness.database.sql;
    const [location] = await board.listBoardLocations();
    const first = await harness.placeOrder("board-a@example.com");
    const second = await harness.placeOrder("board-b@example.com");
    const unpaid = await harness.placeOrder("board-c@example.com");
    for (const id of [first, second]) await sql`select private.mark_order_paid(${id})`;
    // Move them to a known day: 23:30 and 00:30 local time either side of midnight on Dec 2.
    await sql`update orders set pickup_at = '2030-12-02 23:30'::timestamp at time zone ${location.timezone} where id = ${first}`;
    await sql`update orders set pickup_at = '2030-12-02 00:30'::timestamp at time zone ${location.timezone}, delay_minutes = 15 where id = ${second}`;
    await sql`update orders set pickup_at = '2030-12-02 12:00'::timestamp at time zone ${location.timezone} where id = ${unpaid}`;

    const day = await board.boardOrders(location, "2030-12-02");
    expect(day.map((order) => order.id)).toEqual([second, first]);
    expect(day[0].delayMinutes).toBe(15);
    expect(new Date(day[0].promisedAt!).getTime() - new Date(day[1].promisedAt!).getTime()).toBeLessThan(0);
    expect(day[0].items.length).toBeGreaterThan(0);
    expect(await board.boardOrders(location, "2030-12-03")).toEqual([]);
  });
});
