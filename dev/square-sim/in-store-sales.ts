// Sales rung up on the shop's Square POS, not made by the app: each is a COMPLETED order at the shop's location (no
// reference_id) paid by a card, and sends what Square sends for it: payment.created, payment.updated, order.updated.
// A busy Saturday of them proves an app ignores what is not its own without calling Square for each one.
import type { SimContext } from "./context";
import { nowIso } from "./context";
import { createOrder } from "./orders";
import { authorizePayment, capturePayment } from "./payments";

export interface InStoreSale {
  orderId: string;
  paymentId: string;
}

export function recordInStoreSales(sim: SimContext, count: number): InStoreSale[] {
  const sales: InStoreSale[] = [];
  for (let i = 0; i < count; i++) {
    const order = createOrder(
      { lines: [{ name: "Counter sale", quantity: 1, unitPrice: 350 + (i % 7) * 50 }], source: "Square Point of Sale" },
      nowIso()
    );
    sim.state.orders.set(order.id, order);
    const card = { number: "4111111111111111", expMonth: 12, expYear: new Date().getUTCFullYear() + 2 };
    const payment = authorizePayment(sim, { amount: order.total_money, order, card }, { delayedCapture: false });
    capturePayment(sim, payment, { orderUpdatedWebhook: true });
    sales.push({ orderId: order.id, paymentId: payment.id });
  }
  return sales;
}
