// The checkout form's zod schemas (quote, then place), kept on the server.
import { z } from "zod";

const optionalText = (max: number) =>
  z.string().trim().max(max, `Use at most ${max} characters.`).optional().transform((value) => value || undefined);

// What changes the price: enough to quote, and the first half of placing an order.
export const pricingSchema = z.object({
  // Pickup unless the customer chose otherwise (the form always sends the checked choice).
  fulfillment: z
    .enum(["pickup", "delivery", "shipping"], { errorMap: () => ({ message: "Choose pickup, delivery or shipping." }) })
    .default("pickup"),
  addressPostalCode: optionalText(12),
  promoCode: optionalText(32).transform((value) => value?.toUpperCase()),
  tip: z.string().regex(/^(|custom|\d{1,3})$/, "Choose one of the tips shown.").optional(),
  tipAmount: optionalText(12),
});

export type PricingChoices = z.infer<typeof pricingSchema>;

export const checkoutSchema = pricingSchema.extend({
  checkoutKey: z.string().uuid("This checkout form has expired. Please submit it again."),
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
  email: z.string().trim().email("Enter an email address like name@example.com.").max(254),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{7,20}$/, "Enter a phone number we can call about your order, like (555) 123-4567."),
  sourceId: z.string().min(1).max(500).optional(),
  verificationToken: z.string().min(1).max(1024).optional(),
  pickupAt: optionalText(40),
  pickupDay: optionalText(10).refine((day) => !day || (/^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(day))), "Choose one of the days shown."),
  deliveryAt: optionalText(40),
  shipOn: optionalText(10),
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  addressCity: optionalText(100),
  addressRegion: optionalText(100),
  // Browsers send a textarea's line breaks as CRLF; the note counts each as one character, as typed.
  customerNote: z.string().transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(500, "Keep the note to 500 characters or fewer.")).optional()
    .transform((value) => value || undefined),
  // Unticked unless the customer ticks it: texts need their consent.
  smsConsent: z.literal("on").optional(),
}).superRefine((form, context) => {
  const need = (field: keyof typeof form, message: string) => {
    if (!form[field]) context.addIssue({ code: "custom", path: [field], message });
  };
  const isTime = (field: "pickupAt" | "deliveryAt", message: string) => {
    if (!form[field] || Number.isNaN(Date.parse(form[field]!))) context.addIssue({ code: "custom", path: [field], message });
  };
  if (form.fulfillment === "pickup") isTime("pickupAt", "Choose a pickup time.");
  if (form.fulfillment !== "pickup") {
    need("addressLine1", "Enter the street address.");
    need("addressPostalCode", "Enter the postal code.");
  }
  if (form.fulfillment === "delivery") isTime("deliveryAt", "Choose a delivery time.");
  if (form.fulfillment === "shipping") {
    need("addressCity", "Enter the city.");
    need("addressRegion", "Enter the state or region.");
    if (!form.shipOn || !/^\d{4}-\d{2}-\d{2}$/.test(form.shipOn)) {
      context.addIssue({ code: "custom", path: ["shipOn"], message: "Choose a shipping day." });
    }
  }
});
