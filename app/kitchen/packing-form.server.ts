// The packing page's forms (steps, tracking, pay, no-show): their zod schema, kept on the server.
import { z } from "zod";
import { trackingFields } from "~/kitchen/shipment-tracking-fields.server";

const back = { date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), kind: z.enum(["pickup", "delivery", "shipping"]).optional(), window: z.string().max(40).optional() };

const orderId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const packingSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("step"),
    orderId,
    step: z.enum(["ready", "collected", "out_for_delivery", "delivered", "shipped"], { message: "That is not a packing step." }),
    // Shipped only: the carrier and tracking number (advance_order checks them; the customer's email gives them).
    ...trackingFields,
    seenState: z.enum(["pending_payment", "paid", "preparing", "ready", "out_for_delivery", "completed", "cancelled", "refunded", "partially_refunded"]),
    ...back,
  }),
  z.object({ intent: z.literal("pay"), orderId, method: z.enum(["cash", "card_present"], { message: "Choose cash or card." }), ...back }),
  z.object({ intent: z.literal("noShow"), orderId, ...back }),
]);
