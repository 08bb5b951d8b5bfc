// The product page's add-to-cart form: its zod schema, kept on the server.
import { z } from "zod";
import { wholeNumberText } from "~/lib/forms";

export const addSchema = z.object({
  variantId: z.string().regex(/^\d{1,15}$/, "Choose an option.").transform(Number),
  quantity: z
    .string()
    .refine(wholeNumberText, "Quantity must be a whole number from 1 to 99.")
    .transform(Number)
    .refine((value) => value >= 1 && value <= 99, "Quantity must be a whole number from 1 to 99."),
  note: z
    .string()
    .transform((text) => text.replace(/\s+/g, " ").trim())
    .refine((text) => text.length <= 140, "Keep the note to at most 140 characters.")
    .default(""),
});
