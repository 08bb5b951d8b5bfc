// The jobs page's retry form: its zod schema, kept on the server.
import { z } from "zod";
import { idField } from "~/lib/admin-forms";

export const retrySchema = z.object({
  intent: z.literal("retry"),
  jobId: idField("That is not a job that can be retried."),
});
