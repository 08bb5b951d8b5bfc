// The catalog sync page's forms (sync now, where the menu is edited): their zod schema, kept on the server.
import { z } from "zod";
import { CATALOG_SOURCES } from "~/catalog/catalog-source";

// "Sync now" (its buttons send the mode) and the source switch.
export const catalogSyncSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("sync"),
    mode: z.enum(["full", "incremental"], { errorMap: () => ({ message: "Choose a full sync or a sync of the changes." }) }),
  }),
  z.object({
    intent: z.literal("source"),
    source: z.enum(CATALOG_SOURCES, { errorMap: () => ({ message: "Choose Square or Larder." }) }),
  }),
]);
