// A location's settings forms (pickup, hours, closures, delivery, shipping, tax, tips, kitchen): their zod schema, kept on the server.
import { z } from "zod";
import { checkboxField, dateField, dollarsField, percentField, wholeNumberField } from "~/lib/admin-forms";
import { parseDayHours, WEEKDAYS } from "~/fulfillment/opening-hours";

const dayHoursField = (weekday: number) =>
  z
    .string()
    .optional()
    .transform((text, context) => {
      const parsed = parseDayHours(weekday, text ?? "");
      if (!parsed.ok) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error });
        return z.NEVER;
      }
      return parsed.ranges;
    });

const tipPercentagesField = z
  .string()
  .optional()
  .transform((text, context) => {
    const parts = (text ?? "").split(/[\s,;]+/).map((part) => part.replace(/%$/, "")).filter(Boolean);
    const percentages: number[] = [];
    for (const part of parts) {
      const value = /^\d{1,3}$/.test(part) ? Number(part) : NaN;
      if (!(value >= 1 && value <= 100)) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: `"${part}" is not a whole percentage from 1 to 100.` });
        return z.NEVER;
      }
      if (!percentages.includes(value)) percentages.push(value);
    }
    if (percentages.length > 5) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: "Offer at most 5 preset tips." });
      return z.NEVER;
    }
    return percentages.sort((a, b) => a - b);
  });

// One branch per form of the page, by its intent.
export const settingsSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("pickup"),
    pickupSlotMinutes: wholeNumberField({ min: 5, max: 240, unit: "minutes" }),
    pickupLeadMinutes: wholeNumberField({ min: 0, max: 1440, unit: "minutes" }),
    pickupDaysAhead: wholeNumberField({ min: 0, max: 30, unit: "days" }),
    pickupSlotCapacity: wholeNumberField({ min: 1, max: 1000, unit: "orders" }),
  }),
  z.object({ intent: z.literal("hours"), ...Object.fromEntries(WEEKDAYS.map((_, weekday) => [`hours${weekday}`, dayHoursField(weekday)])) }),
  z.object({
    intent: z.literal("add-closure"),
    closedOn: dateField(),
    reason: z.string().trim().max(120, "Use at most 120 characters.").optional().default(""),
  }),
  z.object({ intent: z.literal("remove-closure"), closedOn: dateField() }),
  z.object({
    intent: z.literal("delivery"),
    deliveryEnabled: checkboxField(),
    deliveryWindowMinutes: wholeNumberField({ min: 15, max: 480, unit: "minutes" }),
    deliveryLeadMinutes: wholeNumberField({ min: 0, max: 2880, unit: "minutes" }),
    deliveryDaysAhead: wholeNumberField({ min: 0, max: 30, unit: "days" }),
    deliveryWindowCapacity: wholeNumberField({ min: 1, max: 1000, unit: "orders" }),
  }),
  z.object({
    intent: z.literal("shipping"),
    shippingEnabled: checkboxField(),
    shippingFlatRate: dollarsField("the flat rate"),
    shippingDaysAhead: wholeNumberField({ min: 0, max: 60, unit: "days" }),
  }),
  z.object({
    intent: z.literal("tax"),
    taxName: z.string().trim().min(1, "Name the tax, like Sales tax.").max(40, "Use at most 40 characters."),
    taxRate: percentField({ min: 0, max: 5000 }),
    taxInclusive: z.enum(["exclusive", "inclusive"], { message: "Choose whether prices include the tax." }),
  }),
  z.object({ intent: z.literal("tips"), tipsEnabled: checkboxField(), tipPercentages: tipPercentagesField }),
  z.object({
    intent: z.literal("kitchen"),
    autoAccept: checkboxField(),
    acceptAlertMinutes: wholeNumberField({ min: 1, max: 240, unit: "minutes" }),
  }),
]);
