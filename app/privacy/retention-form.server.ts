// The retention form (days each kind of personal data is kept): its zod schema, kept on the server.
import { z } from "zod";

const days = (message: string) =>
  z.string().trim().regex(/^\d{1,4}$/, message).transform(Number).refine((value) => value >= 1 && value <= 3650, message);

export const retentionSchema = z.object({
  intent: z.literal("retention"),
  webhookPayloadDays: days("Keep webhook payloads between 1 and 3650 days."),
  outboxBodyDays: days("Keep email and text bodies between 1 and 3650 days."),
  abandonedCartDays: days("Keep abandoned carts between 1 and 3650 days."),
});
