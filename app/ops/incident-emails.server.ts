// What the owners' incident emails say: the problem when it opens, and that it is over.
import { sql } from "~/lib/db.server";
import type { RenderedEmail } from "~/lib/email.server";

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Where the owner goes to act on each kind of incident. */
export const INCIDENT_PAGES: Record<string, { path: string; label: string }> = {
  webhooks_dead: { path: "/admin/webhooks", label: "Webhooks" },
  jobs_failed: { path: "/admin/jobs", label: "Jobs" },
  breaker_open: { path: "/admin/health", label: "Health" },
  payments_failing: { path: "/admin/health", label: "Health" },
  worker_silent: { path: "/admin/health", label: "Health" },
};

export async function renderIncidentEmail(incidentId: number, template: string, shopUrl: string): Promise<RenderedEmail> {
  const [incident] = await sql<{ kind: string; summary: string; openedAt: Date; resolvedAt: Date | null }[]>`
    select kind, summary, opened_at as "openedAt", resolved_at as "resolvedAt" from incidents where id = ${incidentId}`;
  if (!incident) throw new Error(`incident ${incidentId} not found`);
  const page = INCIDENT_PAGES[incident.kind] ?? { path: "/admin/incidents", label: "Incidents" };
  const incidentsUrl = `${shopUrl}/admin/incidents`;
  if (template === "owner_incident_resolved") {
    const subject = `Resolved: ${incident.summary}`;
    const body = `This problem is over (opened ${incident.openedAt.toISOString()}, resolved ${incident.resolvedAt?.toISOString() ?? "now"}): ${incident.summary}`;
    return {
      subject,
      text: [body, "", `All incidents: ${incidentsUrl}`].join("\n"),
      html: `<p>${escapeHtml(body)}</p>\n<p><a href="${escapeHtml(incidentsUrl)}">All incidents</a></p>`,
    };
  }
  const actUrl = `${shopUrl}${page.path}`;
  const subject = `Needs attention: ${incident.summary}`;
  const body = `Larder noticed a problem at ${incident.openedAt.toISOString()}: ${incident.summary} You will get one more email when it is resolved.`;
  return {
    subject,
    text: [body, "", `${page.label}: ${actUrl}`, `All incidents: ${incidentsUrl}`].join("\n"),
    html: `<p>${escapeHtml(body)}</p>\n<p><a href="${escapeHtml(actUrl)}">Open ${escapeHtml(page.label)}</a> · <a href="${escapeHtml(incidentsUrl)}">All incidents</a></p>`,
  };
}
