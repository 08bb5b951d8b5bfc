// The staff page's forms (invite, role, reset, deactivate, two-factor rule): their zod schema, kept on the server.
import { z } from "zod";
import { idField } from "~/lib/admin-forms";

const role = z.enum(["owner", "staff"], { errorMap: () => ({ message: "Choose owner or staff." }) });

const member = idField("Choose a member of staff.");

export const staffSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), email: z.string().trim().email("Enter the email address to send the invite to."), role }),
  z.object({ intent: z.literal("role"), id: member, role }),
  z.object({ intent: z.literal("reset"), id: member }),
  z.object({ intent: z.literal("deactivate"), id: member }),
  z.object({ intent: z.literal("require-two-factor"), required: z.enum(["yes", "no"]) }),
]);
