// The admin order page's forms (refund, pay, payment link, revise, cancel, tracking): their zod schema, kept on the server.
import { z } from "zod";
import { trackingFields } from "~/kitchen/shipment-tracking-fields.server";
import { dollarsField } from "~/lib/admin-forms";

// The refund form, the cancel form and the tracking form, by intent.
export const orderSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("refund"),
    amount: dollarsField("an amount", "12.50"),
    reason: z.string().trim().min(1, "Give a reason; the customer sees it.").max(192, "Use at most 192 characters."),
    // Money leaves the shop: the form asks to be sure, with or without JavaScript.
    confirmRefund: z.literal("on", { errorMap: () => ({ message: "Tick the box to confirm the refund." }) }),
  }),
  z.object({
    intent: z.literal("pay"),
    method: z.enum(["cash", "card_present"], { message: "Choose cash or card." }),
  }),
  z.object({ intent: z.literal("paymentLink") }),
  z.object({ intent: z.literal("revise") }),
  z.object({
    intent: z.literal("cancel"),
    reason: z.string().trim().min(1, "Give a reason for cancelling.").max(192, "Use at most 192 characters."),
  }),
  z.object({ intent: z.literal("tracking"), ...trackingFields, emailCustomer: z.literal("on").optional() }),
]);
