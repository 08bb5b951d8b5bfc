// The menu page's form of where the menu is edited: its zod schema, kept on the server.
import { z } from "zod";
import { CATALOG_SOURCES } from "~/catalog/catalog-source";

export const sourceSchema = z.object({
  intent: z.literal("catalog-source"),
  source: z.enum(CATALOG_SOURCES, { errorMap: () => ({ message: "Choose where the menu is edited." }) }),
});
