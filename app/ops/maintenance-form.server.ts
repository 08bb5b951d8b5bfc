// The maintenance form (close or reopen the storefront, its message): its zod schema, kept on the server.
import { z } from "zod";

export const maintenanceSchema = z.object({
  intent: z.enum(["enable", "disable"]),
  message: z.string().trim().max(300, "Use at most 300 characters.").optional(),
});
