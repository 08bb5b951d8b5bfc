// The production plan's forms (made, all made, print): their zod schema, kept on the server.
import { z } from "zod";
import { parseDay } from "~/kitchen/production";
import { wholeNumberField } from "~/lib/admin-forms";
import { INTEGER_MAX } from "~/lib/route-params";

const where = {
  location: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  day: z.string().refine((text) => parseDay(text) !== null, "Choose a day (YYYY-MM-DD)."),
  window: z.string().default(""),
};

const line = { ...where, variantId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), seenUnits: z.coerce.number().int().min(0).max(INTEGER_MAX) };

export const planSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("made"), ...line, madeUnits: wholeNumberField({ min: 0, max: 100_000, unit: "units" }) }),
  z.object({ intent: z.literal("made-all"), ...line }),
  z.object({ intent: z.literal("print"), ...where }),
]);
