// Ends a timed pause of online orders when it is due (queued by pause_ordering for that moment):
// clears it only if it is still the pause this job was queued for, and audits it. Idempotent.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";

const payloadSchema = z.object({
  location_id: z.number().int().positive(),
  kind: z.enum(["pickup", "delivery"]),
  until: z.string().min(1),
  request_id: z.string().optional(),
});

export const resume_ordering: Task = async (rawPayload, helpers) => {
  const payload = payloadSchema.parse(rawPayload);
  const resumed = await sql.begin(async (tx) => {
    await tagTransaction(tx, payload.request_id);
    const [row] = await tx<{ resumed: string[] }[]>`
      select resume_ordering(${payload.location_id}, array[${payload.kind}]::text[], ${payload.until}::text::timestamptz) as resumed`;
    return row.resumed;
  });
  helpers.logger.info(resumed.length ? `${payload.kind} ordering resumed at location ${payload.location_id}` : `${payload.kind} pause already ended or replaced`);
};
