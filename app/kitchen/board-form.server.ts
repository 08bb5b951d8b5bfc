// The order board's forms (steps, delays, pauses, busy periods): their zod schema, kept on the server.
import { z } from "zod";
import { trackingFields } from "~/kitchen/shipment-tracking-fields.server";
import { INTEGER_MAX } from "~/lib/route-params";

export const DAY = /^\d{4}-\d{2}-\d{2}$/;

const STEPS = ["accept", "delay", "start", "ready", "out_for_delivery", "collected", "delivered", "shipped"] as const;
const STATES = ["pending_payment", "paid", "preparing", "ready", "out_for_delivery", "completed", "cancelled", "refunded", "partially_refunded"] as const;

const back = {
  date: z.string().regex(DAY).optional(),
  location: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
};

const kindsField = z.enum(["pickup", "delivery", "both"], { message: "Choose pickup, delivery or both." });

// One branch per form of the board, by its intent. Which delays, pauses and busy periods are allowed
// is the SQL functions' rule; here they only have to be numbers.
export const boardSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("step"),
    orderId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    step: z.enum(STEPS, { message: "That is not a step an order can take." }),
    seenState: z.enum(STATES),
    delayMinutes: z.coerce.number({ message: "Choose a delay of 5, 10, 15 or 30 minutes." }).int().min(0).max(INTEGER_MAX).default(0),
    // Shipped only (advance_order refuses them on any other step).
    ...trackingFields,
    ...back,
  }),
  z.object({
    intent: z.literal("pause"),
    kinds: kindsField,
    minutes: z.enum(["15", "30", "60", "until_resumed"], { message: "Pause for 15, 30 or 60 minutes, or until you resume." }),
    ...back,
  }),
  z.object({ intent: z.literal("resume"), kinds: kindsField, ...back }),
  z.object({
    intent: z.literal("pay"),
    orderId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    method: z.enum(["cash", "card_present"], { message: "Choose cash or card." }),
    ...back,
  }),
  z.object({
    intent: z.literal("busy"),
    extraMinutes: z.coerce.number({ message: "Add 10, 20 or 30 minutes." }).int().min(0).max(INTEGER_MAX),
    minutes: z.coerce.number({ message: "Stay busy for 30, 60 or 120 minutes." }).int().min(0).max(INTEGER_MAX).optional(),
    ...back,
  }),
]);
