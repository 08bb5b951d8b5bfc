// The web process's own look at the owners' alarm: a worker cannot report its own silence, so
// every app process also runs evaluate_incidents each minute and, when no worker is alive to send
// the "no job worker has been heard from" email, sends it itself (a queued email left for 30 s).
// A worker that comes back finds the email sent and does not send it again.
import { sql } from "~/lib/db.server";
import { deliver, emailTransportName } from "~/lib/email.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { renderIncidentEmail } from "./incident-emails.server";

/** Evaluates incidents, then delivers the silent-worker alerts nobody else will. Returns how many it sent. */
export async function watchIncidents(): Promise<number> {
  await sql`select evaluate_incidents(${env.WORKER_DEAD_AFTER_SECONDS})`;
  const stranded = await sql<{ id: number; toAddress: string; incidentId: number; template: string }[]>`
    select e.id, e.to_address as "toAddress", e.incident_id as "incidentId", e.template
      from email_outbox e join incidents i on i.id = e.incident_id
     where i.kind = 'worker_silent' and i.resolved_at is null and e.template = 'owner_incident_opened'
       and e.status = 'queued' and e.created_at < now() - interval '30 seconds'
       and not exists (select 1 from worker_heartbeats h where h.seen_at > now() - make_interval(secs => ${env.WORKER_DEAD_AFTER_SECONDS}))`;
  let sent = 0;
  for (const email of stranded) {
    const rendered = await renderIncidentEmail(email.incidentId, email.template, env.publicUrl);
    const messageId = await deliver(email.toAddress, rendered);
    await sql`
      update email_outbox
         set status = 'sent', transport = ${emailTransportName}, message_id = ${messageId},
             subject = ${rendered.subject}, text_body = ${rendered.text}, html_body = ${rendered.html},
             sent_at = now(), last_error = null
       where id = ${email.id} and status <> 'sent'`;
    sent += 1;
  }
  if (sent > 0) logger.warn({ sent }, "no worker is running: the app process sent the silent-worker alert itself");
  return sent;
}

export function startIncidentWatch(intervalMs = 60_000): { stop(): void } {
  const timer = setInterval(() => {
    watchIncidents().catch((error: unknown) => logger.warn({ err: error }, "incident watch failed"));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
