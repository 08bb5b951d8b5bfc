// Back from Square's hosted checkout, the order's page says the payment is being confirmed whatever
// Square appended to the redirect: nothing (its sandbox), orderId, or transactionId (the order's id, as
// Square documents it), until Square (asked on the return itself), the webhook or reconciliation settles it; never a Pay button meanwhile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payAtHostedCheckout, startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;
let route: typeof import("~/routes/orders.$token");

beforeAll(async () => {
  harness = await startAppHarness();
  route = await import("~/routes/orders.$token");
});

afterAll(async () => {
  await harness?.stop();
});

async function confirming(token: string, query: string): Promise<boolean> {
  const request = new Request(`http://shop.test/orders/${token}${query}`);
  const result = (await route.loader({ request, params: { token }, context: { requestId: "return-test", clientIp: "127.0.0.1" } as never })) as unknown as { data: { confirming: boolean } };
  return result.data.confirming;
}

describe("the return from hosted checkout", () => {
  it("shows confirming with no parameters, orderId or transactionId, and asks Square itself, showing Paid without waiting for the webhook", async () => {
    const orderId = await harness.placeOrder("back-from-square@example.com");
    const [{ token }] = await harness.database.sql<{ token: string }[]>`select public_token as token from orders where id = ${orderId}`;
    const url = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
    expect(url).toMatch(/\/checkout\//);
    const [attempt] = await harness.database.sql<{ squareOrderId: string }[]>`
      select square_order_id as "squareOrderId" from payment_attempts where order_id = ${orderId}`;

    // Before paying, a visit without Square's parameters is just the order page.
    expect(await confirming(token, "")).toBe(false);
    await payAtHostedCheckout(harness.simulator, url, "4111111111111111");
    // While Square cannot say (its redirect proves nothing), the page confirms, whatever was appended.
    harness.simulator.faults.add({ operation: "orders.get", status: 400, count: 100 });
    for (const query of ["?checkout=square", `?checkout=square&orderId=${attempt.squareOrderId}`, `?transactionId=${attempt.squareOrderId}`, `?orderId=${attempt.squareOrderId}`]) {
      expect(await confirming(token, query)).toBe(true);
    }
    // Whatever the state of the link itself (here already withdrawn, as when its hold ran out): the
    // customer paid before Square sent them back, so no Pay now until Square says otherwise.
    await harness.database.sql`update payment_attempts set payment_link_deleted_at = now() where order_id = ${orderId}`;
    expect(await confirming(token, "?checkout=square")).toBe(true);
    await harness.database.sql`update payment_attempts set payment_link_deleted_at = null where order_id = ${orderId}`;
    harness.simulator.faults.clear();
    // The page asks Square on the customer's return: paid at once, without waiting for the webhook.
    expect(await confirming(token, "?checkout=square")).toBe(false);
    const [order] = await harness.database.sql<{ state: string }[]>`select state from orders where id = ${orderId}`;
    expect(order.state).toBe("paid");
  });
});
