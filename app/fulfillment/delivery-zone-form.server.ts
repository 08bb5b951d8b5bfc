// A delivery zone's form: its zod schema, kept on the server.
import { z } from "zod";
import { checkboxField, dollarsField, idField } from "~/lib/admin-forms";
import { splitPostalCodes } from "~/fulfillment/postal-codes";

export const zoneSchema = z.object({
  locationId: idField("Choose a location."),
  name: z.string().trim().min(1, "Name the zone, like Downtown.").max(80, "Use at most 80 characters."),
  fee: dollarsField("the delivery fee"),
  minimum: dollarsField("the minimum order"),
  postalCodes: z.string().transform(splitPostalCodes),
  isActive: checkboxField(),
});
