// Packing a day's orders (shared by the server and the browser bundle: no .server imports): which
// orders go on the pickup shelf, the delivery sheet or the shipping table, in the order they are
// packed or driven, their labels, and the pickups nobody collected. The data is board.server.ts's.
import { boardColumn, localToday, type BoardOrder } from "./board";

export type PackingKind = "pickup" | "delivery" | "shipping";
export const PACKING_KINDS: PackingKind[] = ["pickup", "delivery", "shipping"];

/** The slot or window the order was booked for (its promised time without the kitchen's delay). */
export function slotOf(order: Pick<BoardOrder, "promisedAt" | "delayMinutes">): string | null {
  return order.promisedAt ? new Date(Date.parse(order.promisedAt) - order.delayMinutes * 60_000).toISOString() : null;
}

/** The day's distinct slots (or windows) of one kind that have orders, earliest first. */
export function windowsOf(orders: BoardOrder[], kind: PackingKind): string[] {
  if (kind === "shipping") return [];
  const slots = new Set(orders.filter((order) => order.fulfillment === kind).map(slotOf).filter((slot): slot is string => slot !== null));
  return [...slots].sort();
}

/**
 * The orders to pack, of one kind (and one slot when given), without the cancelled and refunded:
 * pickups by slot then number; deliveries as the driver goes, by zone then postal code; shipping by number.
 */
export function forPacking(orders: BoardOrder[], kind: PackingKind, window: string | null = null): BoardOrder[] {
  const chosen = orders.filter((order) => order.fulfillment === kind && boardColumn(order) !== "apart" && (!window || slotOf(order) === window));
  const byNumber = (a: BoardOrder, b: BoardOrder) => a.number - b.number;
  if (kind === "delivery") {
    return chosen.sort((a, b) =>
      (a.deliveryZoneName ?? "").localeCompare(b.deliveryZoneName ?? "") ||
      (a.address?.postalCode ?? "").localeCompare(b.address?.postalCode ?? "") ||
      (slotOf(a) ?? "").localeCompare(slotOf(b) ?? "") || byNumber(a, b));
  }
  if (kind === "pickup") return chosen.sort((a, b) => (slotOf(a) ?? "").localeCompare(slotOf(b) ?? "") || byNumber(a, b));
  return chosen.sort(byNumber);
}

/** Pickups past their time that nobody collected and nobody has recorded yet: the end-of-day follow-up. */
export function uncollected(orders: BoardOrder[], now = new Date()): BoardOrder[] {
  return orders.filter((order) =>
    order.fulfillment === "pickup" && order.noShowAt === null && order.promisedAt !== null &&
    Date.parse(order.promisedAt) < now.getTime() && ["accepted", "new", "preparing", "ready"].includes(boardColumn(order)));
}

/** The pickup shelf's next step for an order: pack it (the board's Ready), then hand it over. */
export function shelfStep(order: BoardOrder): { step: "ready" | "collected"; label: string } | null {
  const column = boardColumn(order);
  if (column === "accepted" || column === "preparing") return { step: "ready", label: "Packed" };
  if (column === "ready") return { step: "collected", label: "Collected" };
  return null;
}

/** The delivery sheet's next step for a stop. */
export function stopStep(order: BoardOrder): { step: "out_for_delivery" | "delivered"; label: string } | null {
  const column = boardColumn(order);
  if (column === "accepted" || column === "preparing" || column === "ready") return { step: "out_for_delivery", label: "Out for delivery" };
  if (column === "out_for_delivery") return { step: "delivered", label: "Delivered" };
  return null;
}

/** How many bags each order's labels are for: `bags-<order id>` in the query, 1 to 20, 1 by default. */
export function bagsFrom(params: URLSearchParams, orderId: number): number {
  const asked = Number(params.get(`bags-${orderId}`));
  return Number.isInteger(asked) && asked >= 1 && asked <= 20 ? asked : 1;
}

/** The product tags to warn about, once each, for an order's items. */
export function allergensOf(order: Pick<BoardOrder, "items">): string[] {
  return [...new Set(order.items.flatMap((item) => item.allergens))].sort();
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The day, kind and slot the page shows, from its address (a bad one falls back to today's pickups). */
export function packingView(url: URL, timezone: string) {
  const asked = url.searchParams.get("date") ?? "";
  const day = DAY.test(asked) && !Number.isNaN(Date.parse(asked)) ? asked : localToday(timezone);
  const kindParam = url.searchParams.get("kind");
  const kind: PackingKind = PACKING_KINDS.includes(kindParam as PackingKind) ? (kindParam as PackingKind) : "pickup";
  const windowParam = url.searchParams.get("window");
  const window = windowParam && !Number.isNaN(Date.parse(windowParam)) ? new Date(windowParam).toISOString() : null;
  return { day, kind, window };
}

