// An order's progress as its customer reads it, worded for its kind of fulfilment: the steps from
// placed to handed over, which are done and which one it is at. Shared by the status page and tests.
import type { OrderState } from "~/ordering/orders.server";

type Fulfillment = "pickup" | "delivery" | "shipping";

const FINAL_STEP: Record<Fulfillment, [ready: string, done: string]> = {
  pickup: ["Ready for pickup", "Picked up"],
  delivery: ["Out for delivery", "Delivered"],
  shipping: ["Packed", "Shipped"],
};

/** The word for the order's state, for its customer ("Ready for pickup" only for a pickup). */
export function customerStateLabel(state: OrderState, fulfillment: Fulfillment, payAtPickup = false): string {
  switch (state) {
    case "pending_payment":
      return payAtPickup ? "Confirmed: pay at pickup" : "Awaiting payment";
    case "paid":
      return "Paid";
    case "preparing":
      return "Being prepared";
    case "ready":
      return fulfillment === "pickup" ? "Ready for pickup" : fulfillment === "delivery" ? "Ready to go out" : "Packed";
    case "out_for_delivery":
      return "Out for delivery";
    case "completed":
      return FINAL_STEP[fulfillment][1];
    case "cancelled":
      return "Cancelled";
    case "refunded":
      return "Refunded";
    case "partially_refunded":
      return "Partially refunded";
  }
}

export interface ProgressStep {
  label: string;
  status: "done" | "current" | "todo";
}

/**
 * Placed → Paid → Accepted → Preparing → (ready or out) → handed over; null once cancelled or
 * refunded. An order paid at pickup has no "Paid" step before the kitchen: it is paid at the end.
 */
export function orderProgress(order: { state: OrderState; fulfillment: Fulfillment; acceptedAt: string | null; payAtPickup?: boolean }): ProgressStep[] | null {
  const [readyLabel, doneLabel] = FINAL_STEP[order.fulfillment];
  if (order.payAtPickup) {
    const labels = ["Placed", "Accepted", "Preparing", readyLabel, doneLabel];
    const at = { pending_payment: 1, paid: 1, preparing: 2, ready: 3, completed: labels.length }[order.state as string];
    return at === undefined ? null : labels.map((label, index) => ({ label, status: index < at ? "done" : index === at ? "current" : "todo" }));
  }
  const labels = ["Placed", "Paid", "Accepted", "Preparing", readyLabel, doneLabel];
  let at: number;
  switch (order.state) {
    case "pending_payment":
      at = 0;
      break;
    case "paid":
      at = order.acceptedAt ? 2 : 1;
      break;
    case "preparing":
      at = 3;
      break;
    case "ready":
      // A delivery that is ready is still in the kitchen, to the customer.
      at = order.fulfillment === "delivery" ? 3 : 4;
      break;
    case "out_for_delivery":
      at = 4;
      break;
    case "completed":
      at = labels.length;
      break;
    default:
      return null;
  }
  return labels.map((label, index) => ({ label, status: index < at ? "done" : index === at ? "current" : "todo" }));
}
