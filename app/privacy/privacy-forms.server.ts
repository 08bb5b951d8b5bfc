// The privacy forms (erase a customer, export their data): their zod schemas, kept on the server.
import { z } from "zod";

export const eraseSchema = z.object({
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  confirm: z.string().trim().min(1, "Type the email address (or phone number) again to confirm.").max(254),
});

export const exportSchema = z.object({
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
});
