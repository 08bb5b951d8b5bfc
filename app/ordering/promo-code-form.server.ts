// A promo code's page forms (save, activate or deactivate, delete): their zod schema, kept on the server.
import { z } from "zod";
import { checkboxField, dollarsField, optionalLocalDateTimeField, optionalWholeNumberField, parsePercentToBasisPoints } from "~/lib/admin-forms";
import { parseMoneyToCents } from "~/lib/money";
import { normalisePromoCode, type PromoCodeInput } from "~/ordering/promo-codes.server";

export const promoFields = z.object({
  code: z
    .string()
    .transform(normalisePromoCode)
    .refine((code) => /^[A-Z0-9][A-Z0-9_-]{2,31}$/.test(code), "Use 3 to 32 letters, digits, dashes or underscores, like WELCOME10."),
  description: z.string().trim().max(200, "Use at most 200 characters.").optional().default(""),
  kind: z.enum(["percent", "fixed"], { message: "Choose percent off or an amount off." }),
  value: z.string(),
  minimumSubtotal: dollarsField("the minimum subtotal"),
  startsAt: optionalLocalDateTimeField(),
  endsAt: optionalLocalDateTimeField(),
  maxUses: optionalWholeNumberField({ min: 1, max: 1_000_000 }),
  maxUsesPerCustomer: optionalWholeNumberField({ min: 1, max: 1000 }),
  isActive: checkboxField(),
});

/** The saved form as the code it describes: the value read as the kind says, and the window checked. */
function promoCodeInput(form: z.output<typeof promoFields>, context: z.RefinementCtx): PromoCodeInput {
  let percentBps: number | null = null;
  let amountCents: number | null = null;
  if (form.kind === "percent") {
    percentBps = parsePercentToBasisPoints(form.value);
    if (percentBps === null || percentBps < 1 || percentBps > 10000) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["value"], message: "Enter a percentage from 0.01 to 100, like 15." });
    }
  } else {
    amountCents = parseMoneyToCents(form.value);
    if (amountCents === null || amountCents < 1) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["value"], message: "Enter an amount in dollars and cents, like 5.00." });
    }
  }
  if (form.startsAt && form.endsAt && form.endsAt <= form.startsAt) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["endsAt"], message: "End after the start." });
  }
  return {
    code: form.code,
    description: form.description,
    kind: form.kind,
    percentBps,
    amountCents,
    minimumSubtotalCents: form.minimumSubtotal,
    startsAt: form.startsAt,
    endsAt: form.endsAt,
    maxUses: form.maxUses,
    maxUsesPerCustomer: form.maxUsesPerCustomer,
    isActive: form.isActive,
  };
}

// The code's form (save) and its buttons (activate or deactivate, delete), by intent.
export const promoPageSchema = z
  .discriminatedUnion("intent", [
    promoFields.extend({ intent: z.literal("save") }),
    z.object({ intent: z.enum(["activate", "deactivate"]) }),
    z.object({ intent: z.literal("delete") }),
  ])
  .transform((input, context) => (input.intent === "save" ? { intent: input.intent, code: promoCodeInput(input, context) } : input));
