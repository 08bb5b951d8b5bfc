// The staff invite's form (name, password twice): its zod schema, kept on the server.
import { z } from "zod";

export const acceptSchema = z
  .object({
    name: z.string().trim().max(100, "Use at most 100 characters.").optional(),
    password: z.string().min(1, "Choose a password."),
    confirm: z.string(),
  })
  .refine((form) => form.password === form.confirm, { path: ["confirm"], message: "The two passwords are not the same." });
