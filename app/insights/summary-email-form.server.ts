// The summary email form (how often, at what hour): its zod schema, kept on the server.
import { z } from "zod";

export const summarySchema = z.object({
  frequency: z.enum(["off", "daily", "weekly"], { errorMap: () => ({ message: "Choose off, daily or weekly." }) }),
  hour: z.string().regex(/^(?:[01]?\d|2[0-3])$/, "Choose an hour from the list.").transform(Number),
});
