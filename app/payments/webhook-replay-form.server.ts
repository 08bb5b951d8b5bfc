// The webhook page's replay form: its zod schema, kept on the server.
import { z } from "zod";
import { idField } from "~/lib/admin-forms";

export const replaySchema = z.object({
  intent: z.literal("replay"),
  id: idField("That is not an event that can be replayed."),
});
