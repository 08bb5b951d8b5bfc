// The orders state-transition trigger: every state change is checked and recorded as an event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { cartWith, expectSqlError, locationId, orderEvents, orderRow, placeOrder, seededVariants, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  v = await seededVariants(sql);
});

afterAll(async () => {
  await database?.drop();
});

async function newOrder(): Promise<number> {
  const placed = await placeOrder(sql, { cartId: await cartWith(sql, [[v.beefSingle, 1]]), location });
  return placed.order_id;
}

function setState(orderId: number, state: string) {
  return sql`update orders set state = ${state} where id = ${orderId}`;
}

async function stateChanges(orderId: number) {
  return (await orderEvents(sql, orderId))
    .filter((event) => event.type === "state_changed")
    .map((event) => [event.from_state, event.to_state]);
}

describe("order state transitions", () => {
  it("refuses pending_payment → completed with LR409 and leaves the order as it was", async () => {
    const orderId = await newOrder();
    await expectSqlError(setState(orderId, "completed"), "LR409");
    expect((await orderRow(sql, orderId)).state).toBe("pending_payment");
    expect(await stateChanges(orderId)).toEqual([]);
  });

  it("refuses to leave a final state (cancelled → paid) with LR409", async () => {
    const orderId = await newOrder();
    await setState(orderId, "cancelled");
    await expectSqlError(setState(orderId, "paid"), "LR409");
    expect((await orderRow(sql, orderId)).state).toBe("cancelled");
  });

  it("appends a state_changed event for pending_payment → paid", async () => {
    const orderId = await newOrder();
    await setState(orderId, "paid");
    expect((await orderRow(sql, orderId)).state).toBe("paid");
    expect(await stateChanges(orderId)).toEqual([["pending_payment", "paid"]]);
  });

  it("bumps updated_at on a state change", async () => {
    const orderId = await newOrder();
    await sql`update orders set updated_at = now() - interval '1 day' where id = ${orderId}`;
    await setState(orderId, "paid");
    const [row] = await sql<{ fresh: boolean }[]>`
      select updated_at > now() - interval '1 minute' as fresh from orders where id = ${orderId}`;
    expect(row.fresh).toBe(true);
  });

  it("records each step of paid → preparing → ready → completed in order", async () => {
    const orderId = await newOrder();
    for (const state of ["paid", "preparing", "ready", "completed"]) await setState(orderId, state);
    expect(await stateChanges(orderId)).toEqual([
      ["pending_payment", "paid"],
      ["paid", "preparing"],
      ["preparing", "ready"],
      ["ready", "completed"],
    ]);
  });

  it("records nothing when an update sets the state it already has", async () => {
    const orderId = await newOrder();
    await setState(orderId, "pending_payment");
    expect(await stateChanges(orderId)).toEqual([]);
  });
});
