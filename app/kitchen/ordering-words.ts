// What the storefront tells customers while the kitchen has paused or slowed online orders, in
// plain words with the time in the shop's zone. Shared by the menu, checkout and tests.
import { formatTimeOfDay } from "~/lib/time";

export interface OrderingPauses {
  pickupPausedUntil: string | null;
  deliveryPausedUntil: string | null;
  deliveryEnabled: boolean;
  busyExtraMinutes: number;
  busyUntil: string | null;
  timezone: string;
}

export function orderingNotices(status: OrderingPauses | null): string[] {
  if (!status) return [];
  const paused = (kind: string, until: string | null) =>
    until === "infinity"
      ? `${kind} is paused for now.`
      : until
        ? `${kind} is paused until ${formatTimeOfDay(until, status.timezone)}: the times offered start after that.`
        : null;
  return [
    paused("Pickup", status.pickupPausedUntil),
    status.deliveryEnabled ? paused("Delivery", status.deliveryPausedUntil) : null,
    status.busyUntil ? `We're busy right now: the first times offered are about ${status.busyExtraMinutes} minutes later than usual.` : null,
  ].filter((notice): notice is string => notice !== null);
}
