// The sign-in forms (password, then the second factor's code): their zod schemas, kept on the server.
import { z } from "zod";

export const loginSchema = z.object({
  email: z.string().trim().email("Enter the email address you sign in with."),
  password: z.string().min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});

export const codeSchema = z.object({
  code: z.string().trim().min(1, "Enter the code from your authenticator app, or a recovery code.").max(20, "That is not a code."),
});
