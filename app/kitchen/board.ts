// The order board's rules the page shows (columns, next steps, lateness), shared by the server and the
// browser bundle, so nothing here may import a .server module. Its data is ./board.server.ts.
import type { OrderItem, OrderState } from "~/ordering/orders.server";
import { dateTimeFormat } from "~/lib/intl";

export type Fulfillment = "pickup" | "delivery" | "shipping";

export interface BoardOrder {
  id: number;
  number: number;
  state: OrderState;
  fulfillment: Fulfillment;
  customerName: string;
  customerPhone: string;
  totalCents: number;
  currency: string;
  paidAt: string | null;
  /** Taken by staff to be paid at the counter; owing while paidAt is null. */
  payAtPickup: boolean;
  acceptedAt: string | null;
  delayMinutes: number;
  /** Slot or window start plus the delay; null for shipping. */
  promisedAt: string | null;
  shipOn: string | null;
  deliveryZoneName: string | null;
  /** The customer's note for the kitchen (allergies, instructions). */
  customerNote: string | null;
  items: (OrderItem & { allergens: string[] })[];
  /** Delivery and shipping: where it goes. */
  address: { line1: string; line2: string | null; postalCode: string } | null;
  /** A pickup nobody collected, when staff recorded it; and how often this customer did not come. */
  noShowAt: string | null;
  customerNoShows: number;
}

export interface BoardLocation {
  id: number;
  name: string;
  timezone: string;
  autoAccept: boolean;
  acceptAlertMinutes: number;
  deliveryWindowMinutes: number;
}

export type BoardColumn = "new" | "accepted" | "preparing" | "ready" | "out_for_delivery" | "completed" | "apart";

/** Where an order sits on the board. */
export function boardColumn(order: Pick<BoardOrder, "state" | "acceptedAt"> & { payAtPickup?: boolean }): BoardColumn {
  switch (order.state) {
    case "pending_payment":
      // Paid at pickup: accepted when staff took it, in the kitchen before it is paid.
      return order.payAtPickup ? "accepted" : "apart";
    case "paid":
      return order.acceptedAt ? "accepted" : "new";
    case "preparing":
    case "ready":
    case "out_for_delivery":
    case "completed":
      return order.state;
    default:
      return "apart";
  }
}

export type Step = "accept" | "delay" | "start" | "ready" | "out_for_delivery" | "collected" | "delivered" | "shipped";

/** The step buttons an order's card offers next, named by what they do. */
export function nextSteps(order: Pick<BoardOrder, "state" | "acceptedAt" | "fulfillment"> & { payAtPickup?: boolean }): { step: Step; label: string }[] {
  const column = boardColumn(order);
  if (column === "new") return [{ step: "accept", label: "Accept" }];
  if (column === "accepted") return [{ step: "start", label: "Start" }];
  if (column === "preparing") return [{ step: "ready", label: "Ready" }];
  if (column === "ready") {
    if (order.fulfillment === "pickup") return [{ step: "collected", label: "Collected" }];
    if (order.fulfillment === "delivery") return [{ step: "out_for_delivery", label: "Out for delivery" }];
    return [{ step: "shipped", label: "Shipped" }];
  }
  if (column === "out_for_delivery") return [{ step: "delivered", label: "Delivered" }];
  return [];
}

/** Whether staff can still push the promised time: a timed order the customer is waiting for. */
export function canDelay(order: Pick<BoardOrder, "state" | "fulfillment"> & { payAtPickup?: boolean }): boolean {
  if (order.fulfillment === "shipping") return false;
  return ["paid", "preparing", "ready", "out_for_delivery"].includes(order.state) || (order.state === "pending_payment" && Boolean(order.payAtPickup));
}

/** Money the customer still has to hand over at the counter, in cents; null when nothing is owed. */
export function owing(order: Pick<BoardOrder, "state" | "paidAt" | "totalCents"> & { payAtPickup?: boolean }): number | null {
  if (!order.payAtPickup || order.paidAt || ["cancelled", "refunded"].includes(order.state)) return null;
  return order.totalCents;
}

export const DELAYS = [5, 10, 15, 30] as const;

/** Today's date (YYYY-MM-DD) where the location is. */
export function localToday(timeZone: string, now = new Date()): string {
  return dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/**
 * How late an order is, in words and as a level for its colour (never the colour alone): until it
 * is ready (pickup), out (delivery) or done, against its promised time.
 */
export function lateness(order: Pick<BoardOrder, "state" | "fulfillment" | "promisedAt">, now = new Date()): { level: "late" | "soon" | "fine"; text: string } | null {
  if (!order.promisedAt) return null;
  const waitingOn = order.fulfillment === "delivery" ? ["paid", "preparing", "ready"] : ["pending_payment", "paid", "preparing"];
  if (!waitingOn.includes(order.state)) return null;
  const minutes = Math.round((now.getTime() - new Date(order.promisedAt).getTime()) / 60_000);
  if (minutes > 0) return { level: "late", text: `${duration(minutes)} late` };
  if (minutes > -15) return { level: "soon", text: minutes === 0 ? "due now" : `due in ${duration(-minutes)}` };
  return { level: "fine", text: `due in ${duration(-minutes)}` };
}

/** "45 min", "2 h 5 min". */
function duration(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}

/** A new order left unaccepted longer than the location allows, in minutes waited. */
export function waitingToBeAccepted(order: Pick<BoardOrder, "state" | "acceptedAt" | "paidAt">, alertMinutes: number, now = new Date()): number | null {
  if (boardColumn(order) !== "new" || !order.paidAt) return null;
  const waited = Math.floor((now.getTime() - new Date(order.paidAt).getTime()) / 60_000);
  return waited >= alertMinutes ? waited : null;
}
