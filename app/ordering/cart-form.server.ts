// The cart page's form (change a line's quantity, remove a line, change an unpaid order): its zod schema, kept on the server.
import { z } from "zod";
import { idField } from "~/lib/admin-forms";
import { wholeNumberText } from "~/lib/forms";

export const cartSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    lineId: idField("That line is not in your cart."),
    quantity: z
      .string()
      .refine(wholeNumberText, "Quantity must be a whole number from 0 to 99.")
      .transform(Number)
      .refine((value) => value <= 99, "Quantity must be a whole number from 0 to 99."),
  }),
  z.object({ intent: z.literal("remove"), lineId: idField("That line is not in your cart.") }),
  z.object({ intent: z.literal("change-order"), order: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "That order was not placed in this browser.") }),
]);
