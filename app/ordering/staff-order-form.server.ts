// The staff's new-order page's forms (add, remove, revise, place): their zod schema, kept on the server.
import { z } from "zod";
import { wholeNumberText } from "~/lib/forms";

const id = (what: string) => z.string().regex(/^\d{1,15}$/, `Choose ${what}.`).transform(Number);

const optionalText = (max: number) =>
  z.string().trim().max(max, `Use at most ${max} characters.`).optional().transform((value) => value || undefined);

export const orderSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    productSlug: z.string().trim().min(1).max(200),
    variantId: id("an option"),
    quantity: z
      .string()
      .refine(wholeNumberText, "Quantity must be a whole number from 1 to 99.")
      .transform(Number)
      .refine((value) => value >= 1 && value <= 99, "Quantity must be a whole number from 1 to 99."),
  }),
  z.object({ intent: z.literal("remove"), lineId: id("a line") }),
  z.object({ intent: z.literal("saveRevision") }),
  z.object({ intent: z.literal("stopRevision") }),
  z.object({
    intent: z.literal("place"),
    checkoutKey: z.string().uuid("This form has expired. Please submit it again."),
    source: z.enum(["phone", "walk_in"], { errorMap: () => ({ message: "Choose by phone or in person." }) }),
    name: z.string().trim().min(1, "Enter the customer's name.").max(100, "Use at most 100 characters."),
    phone: z.string().trim().regex(/^\+?[0-9 ().-]{7,20}$/, "Enter a phone number to call the customer on, like (555) 123-4567."),
    email: z.union([z.literal(""), z.string().trim().email("Enter an email address like name@example.com.").max(254)]).optional(),
    fulfillment: z.enum(["pickup", "delivery"], { errorMap: () => ({ message: "Choose pickup or delivery." }) }),
    pickupAt: optionalText(40),
    deliveryAt: optionalText(40),
    addressLine1: optionalText(200),
    addressLine2: optionalText(200),
    addressPostalCode: optionalText(12),
    payment: z.enum(["pay_at_pickup", "payment_link"], { errorMap: () => ({ message: "Choose how the customer pays." }) }),
    customerNote: z.string().transform((value) => value.replace(/\r\n?/g, "\n").trim())
      .pipe(z.string().max(500, "Keep the note to 500 characters or fewer.")).optional()
      .transform((value) => value || undefined),
    smsConsent: z.literal("on").optional(),
  }),
]).superRefine((form, context) => {
    if (form.intent !== "place") return;
    const issue = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
    if (form.fulfillment === "pickup" && !form.pickupAt) issue("pickupAt", "Choose a pickup time.");
    if (form.fulfillment === "delivery") {
      if (!form.deliveryAt) issue("deliveryAt", "Choose a delivery time.");
      if (!form.addressLine1) issue("addressLine1", "Enter the street address.");
      if (!form.addressPostalCode) issue("addressPostalCode", "Enter the postal code.");
      if (form.payment === "pay_at_pickup") issue("payment", "A delivery is paid through a payment link: choose that.");
    }
    if (form.payment === "payment_link" && !form.email && !form.smsConsent) {
      issue("email", "Enter the customer's email (or tick that they agree to texts) to send them the payment link.");
    }
});
