// The customer account's forms (sign-in, code, account page), kept on the server: zod stays out of
// the browser bundle.
import { z } from "zod";
import { checkboxField } from "~/lib/admin-forms";
import { INTEGER_MAX } from "~/lib/route-params";

export const signInSchema = z.object({
  email: z.string().trim().email("Enter an email address like name@example.com.").max(254, "Use at most 254 characters."),
});

export const codeSchema = z.object({
  code: z.string().transform((value) => value.replace(/\s/g, "")).pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from the email.")),
});

const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).default("");

export const accountSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    name: text(100),
    phone: text(20).refine((value) => value === "" || /^\+?[0-9 ().-]{7,20}$/.test(value), "Enter a phone number like (555) 123-4567."),
    addressLine1: text(200),
    addressLine2: text(200),
    addressCity: text(100),
    addressRegion: text(100),
    addressPostalCode: text(12),
    marketingConsent: checkboxField(),
    smsConsent: checkboxField(),
  }),
  z.object({
    intent: z.literal("orderAgain"),
    orderNumber: z.string().regex(/^\d{1,10}$/, "Choose one of your orders.").transform(Number)
      .refine((value) => value <= INTEGER_MAX, "Choose one of your orders."),
  }),
  z.object({ intent: z.literal("signOut") }),
]);
