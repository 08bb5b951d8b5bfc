// Before going live: runs against Square's sandbox what Larder counts on and prints what Square
// answered: a card payment (sandbox nonce), a decline (its category and code), a payment link (its
// related order and total, read back with orders.get, then deleted) and a refund. Nothing here can
// charge real money: it refuses Square's production URL. Run with sandbox credentials:
//   SQUARE_ACCESS_TOKEN=… SQUARE_LOCATION_ID=… npm run square:smoke
// (SQUARE_BASE_URL=http://127.0.0.1:4010 points it at the simulator instead.)
import { randomUUID } from "node:crypto";
import { SquareClient, SquareError } from "square";

const token = process.env.SQUARE_ACCESS_TOKEN;
const locationId = process.env.SQUARE_LOCATION_ID ?? "";
const baseUrl = process.env.SQUARE_BASE_URL ?? "https://connect.squareupsandbox.com";
if (!token || !locationId) {
  console.error("Set SQUARE_ACCESS_TOKEN and SQUARE_LOCATION_ID (sandbox credentials from Square's Developer Console).");
  process.exit(2);
}
if (/connect\.squareup\.com/.test(baseUrl)) {
  console.error("square:smoke runs against the sandbox (or the simulator) only: it makes payments.");
  process.exit(2);
}

const square = new SquareClient({ token, environment: baseUrl, maxRetries: 0, timeoutInSeconds: 20 });
const usd = (cents: number) => ({ amount: BigInt(cents), currency: "USD" as const });
const show = (step: string, what: Record<string, unknown>) =>
  console.log(JSON.stringify({ step, ...what }, (_key, value) => (typeof value === "bigint" ? Number(value) : value)));

function squareErrors(error: unknown) {
  if (!(error instanceof SquareError)) throw error;
  return { status: error.statusCode, errors: error.errors.map(({ category, code }) => ({ category, code })) };
}

async function main() {
  const { payment } = await square.payments.create({
    idempotencyKey: randomUUID(), sourceId: "cnon:card-nonce-ok", amountMoney: usd(100), locationId, autocomplete: true, referenceId: "larder-smoke",
  });
  show("card payment", { id: payment?.id, status: payment?.status, orderId: payment?.orderId, amount: payment?.totalMoney?.amount });

  const declined = await square.payments
    .create({ idempotencyKey: randomUUID(), sourceId: "cnon:card-nonce-declined", amountMoney: usd(100), locationId })
    .then(() => ({ unexpected: "the declined nonce was charged" }), squareErrors);
  show("declined card (Larder expects category PAYMENT_METHOD_ERROR)", declined);

  const link = await square.checkout.paymentLinks.create({
    idempotencyKey: randomUUID(),
    order: { locationId, referenceId: "larder-smoke", lineItems: [{ name: "Smoke test", quantity: "1", basePriceMoney: usd(150) }] },
    checkoutOptions: { redirectUrl: "https://example.com/orders/smoke?checkout=square" },
  });
  const related = (link.relatedResources?.orders ?? []).map((order) => ({ id: order.id, total: order.totalMoney?.amount }));
  show("payment link", { id: link.paymentLink?.id, url: link.paymentLink?.url, orderId: link.paymentLink?.orderId, relatedOrders: related });
  if (link.paymentLink?.orderId) {
    const { order } = await square.orders.get({ orderId: link.paymentLink.orderId });
    show("payment link's order read back", { id: order?.id, state: order?.state, total: order?.totalMoney?.amount });
  }
  if (link.paymentLink?.id) {
    const deleted = await square.checkout.paymentLinks.delete({ id: link.paymentLink.id });
    show("payment link deleted", { id: deleted.id, cancelledOrderId: deleted.cancelledOrderId });
  }

  if (payment?.id) {
    const { refund } = await square.refunds.refundPayment({ idempotencyKey: randomUUID(), paymentId: payment.id, amountMoney: usd(100), reason: "square:smoke" });
    show("refund", { id: refund?.id, status: refund?.status });
    for (let i = 0; i < 5 && refund?.id; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const again = await square.refunds.get({ refundId: refund.id });
      show("refund read back", { id: again.refund?.id, status: again.refund?.status });
      if (again.refund?.status !== "PENDING") break;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof SquareError ? JSON.stringify(squareErrors(error)) : error);
  process.exit(1);
});
