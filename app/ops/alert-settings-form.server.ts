// The incident alerts' settings form (quiet hours, who is texted): its zod schema, kept on the server.
import { z } from "zod";

const time = z
  .string()
  .trim()
  .regex(/^(([01][0-9]|2[0-3]):[0-5][0-9])?$/, "Enter a time like 22:00, or leave it empty.")
  .transform((value) => value || null);

export const alertSettingsSchema = z.object({
  quietFrom: time,
  quietUntil: time,
  smsTo: z
    .string()
    .trim()
    .regex(/^(\+[1-9][0-9]{7,14})?$/, "Enter a phone number with its country code, like +12175550100, or leave it empty.")
    .transform((value) => value || null),
});
