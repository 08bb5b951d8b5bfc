// The branding form (name, lines, colours, logo): its zod schema, kept on the server.
import { z } from "zod";
import { checkboxField } from "~/lib/admin-forms";

const hexColor = (what: string) =>
  z.string().trim().toLowerCase().regex(/^#[0-9a-f]{6}$/, `Enter the ${what} as a hex colour: # and six digits 0–9 or a–f, such as #8a3b12.`);

export const brandingSchema = z.object({
  name: z.string().trim().min(1, "Enter the shop's name.").max(80, "Use at most 80 characters."),
  heroLine: z.string().trim().max(140, "Use at most 140 characters.").refine((text) => !/[\r\n]/.test(text), "Keep the hero line to one line.").default(""),
  description: z.string().trim().max(300, "Use at most 300 characters.").default(""),
  brandColor: hexColor("brand colour"),
  backgroundColor: hexColor("background colour"),
  removeLogo: checkboxField(),
});
