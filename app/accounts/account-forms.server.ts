// The admin's own account forms (password, two-factor on and off): their zod schemas, kept on the server.
import { z } from "zod";

export const accountSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("password"),
    current: z.string().min(1, "Enter your current password."),
    password: z.string().min(1, "Choose a new password."),
    confirm: z.string(),
  }),
  z.object({ intent: z.literal("start-two-factor") }),
  z.object({ intent: z.literal("disable-two-factor") }),
]);

export const confirmSchema = z.object({
  intent: z.literal("confirm-two-factor"),
  code: z.string().trim().regex(/^\d{3}\s?\d{3}$/, "Enter the 6-digit code your app shows."),
});
