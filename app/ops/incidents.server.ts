// Incidents for the owners' page: what went wrong, when, whether it is over and whether they were
// told; and the alert settings (quiet hours, the phone for texts).
import type { AuditContext } from "./audit.server";
import { sql } from "~/lib/db.server";

export interface Incident {
  id: number;
  kind: string;
  subject: string;
  summary: string;
  openedAt: string;
  resolvedAt: string | null;
  notifiedAt: string | null;
  resolutionNotifiedAt: string | null;
}

export interface AlertSettings {
  quietFrom: string | null;
  quietUntil: string | null;
  smsTo: string | null;
}

export async function listIncidents(limit = 100): Promise<Incident[]> {
  const rows = await sql<{ id: number; kind: string; subject: string; summary: string; openedAt: Date; resolvedAt: Date | null; notifiedAt: Date | null; resolutionNotifiedAt: Date | null }[]>`
    select id, kind, subject, summary, opened_at as "openedAt", resolved_at as "resolvedAt",
           notified_at as "notifiedAt", resolution_notified_at as "resolutionNotifiedAt"
      from incidents order by resolved_at is null desc, opened_at desc, id desc limit ${limit}`;
  return rows.map((row) => ({
    ...row,
    openedAt: row.openedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    notifiedAt: row.notifiedAt?.toISOString() ?? null,
    resolutionNotifiedAt: row.resolutionNotifiedAt?.toISOString() ?? null,
  }));
}

export async function getAlertSettings(): Promise<AlertSettings> {
  const [row] = await sql<{ value: { quiet_from?: string; quiet_until?: string; sms_to?: string } }[]>`
    select value from settings where key = 'alerts'`;
  return { quietFrom: row?.value.quiet_from ?? null, quietUntil: row?.value.quiet_until ?? null, smsTo: row?.value.sms_to ?? null };
}

export async function setAlertSettings(settings: AlertSettings, context: AuditContext) {
  await sql`select set_alert_settings(${settings.quietFrom}, ${settings.quietUntil}, ${settings.smsTo},
                                      ${context.admin.id}, ${context.requestId}, ${context.ip})`;
}
