// The owners' daily or weekly summary email: their setting (off, daily, weekly, at a local hour),
// the hourly job that queues what is due (queue_owner_summaries: once per owner and period), and
// the email itself, rendered when sent from the same rollups as the dashboard: the headline
// figures of the period beside the period before it.
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { shopName } from "~/fulfillment/shop.server";
import type { RenderedEmail } from "~/lib/email.server";
import type { JSONValue } from "postgres";
import { sql } from "~/lib/db.server";
import { formatMoney } from "~/lib/money";
import { formatDay } from "~/lib/time";
import { addDays } from "~/kitchen/production";
import { change, daysBetween, formatChange } from "./dashboard-range";
import { customerFigures, dashboardLocations, salesFigures, type Period } from "./dashboard.server";
import { funnel } from "./operations.server";
import type { SummaryFrequency } from "./summary-settings";


export interface SummarySetting {
  frequency: SummaryFrequency;
  localHour: number;
}

export async function summarySetting(adminUserId: number): Promise<SummarySetting> {
  const [row] = await sql<SummarySetting[]>`
    select frequency, local_hour as "localHour" from summary_email_settings where admin_user_id = ${adminUserId}`;
  return row ?? { frequency: "off", localHour: 7 };
}

export async function setSummarySetting(setting: SummarySetting, audit: AuditContext): Promise<void> {
  await sql.begin(async (tx) => {
    const [{ before }] = await tx<{ before: unknown }[]>`
      select set_summary_email(${audit.admin.id}, ${setting.frequency}, ${setting.localHour}) as before`;
    await recordAudit(tx, audit, {
      action: "summary_email.set", subjectType: "admin_user", subjectId: audit.admin.id,
      before: (before ?? undefined) as JSONValue | undefined, after: { frequency: setting.frequency, local_hour: setting.localHour },
    });
  });
}

/** The cron's work: queue every summary that is due now (none twice). */
export async function queueOwnerSummaries(now = new Date()): Promise<number> {
  const [{ queued }] = await sql<{ queued: number }[]>`select queue_owner_summaries(${now}) as queued`;
  return queued;
}

export async function renderOwnerSummary(summaryEmailId: number, shopUrl: string): Promise<RenderedEmail> {
  const [summary] = await sql<{ frequency: "daily" | "weekly"; from: string; to: string }[]>`
    select frequency, period_from::text as from, period_to::text as to from summary_emails where id = ${summaryEmailId}`;
  if (!summary) throw new Error(`summary email ${summaryEmailId} not found`);
  const locations = await dashboardLocations();
  // One currency per sum: the shop's first location's, and every location that sells in it.
  const currency = locations[0]?.currency ?? "USD";
  const locationIds = locations.filter((each) => each.currency === currency).map((each) => each.id);
  const length = daysBetween(summary.from, summary.to) + 1;
  const current: Period = { locationIds, basis: "ordered", from: summary.from, to: summary.to };
  const before: Period = { locationIds, basis: "ordered", from: addDays(summary.from, -length), to: addDays(summary.from, -1) };
  const [sales, salesBefore, customers, customersBefore, steps, stepsBefore, name] = await Promise.all([
    salesFigures(current), salesFigures(before), customerFigures(current), customerFigures(before), funnel(current), funnel(before), shopName(),
  ]);
  const money = (cents: number) => formatMoney(cents, currency);
  const rows: [string, string, string, string][] = ([
    ["Net sales", sales.netCents, salesBefore.netCents, money],
    ["Orders", sales.orders, salesBefore.orders, String],
    ["Average order value", sales.averageOrderCents, salesBefore.averageOrderCents, money],
    ["Items sold", sales.itemsSold, salesBefore.itemsSold, String],
    ["Refunds", sales.refundCents, salesBefore.refundCents, money],
    ["Tips", sales.tipCents, salesBefore.tipCents, money],
    ["New customers", customers.newCustomers, customersBefore.newCustomers, String],
    ["Returning customers", customers.returningCustomers, customersBefore.returningCustomers, String],
    ["Carts started", steps.cart, stepsBefore.cart, String],
    ["Online orders paid", steps.paid, stepsBefore.paid, String],
  ] as const).map(([label, now, was, format]) => [label, format(now), format(was), formatChange(change(now, was))]);
  const days = (from: string, to: string) => (from === to ? formatDay(from) : `${formatDay(from)} – ${formatDay(to)}`);
  const period = days(summary.from, summary.to);
  const comparison = days(before.from, before.to);
  const dashboardUrl = `${shopUrl}/admin/dashboard?range=custom&from=${summary.from}&to=${summary.to}&compare=previous`;
  const settingsUrl = `${shopUrl}/admin/summary-email`;
  const subject = `${name}: ${summary.frequency === "daily" ? "daily" : "weekly"} summary for ${period} — ${money(sales.netCents)} net sales`;
  const text = [
    `${name}, ${period} (by order date), compared with ${comparison}:`, "",
    ...rows.map(([label, now, was, delta]) => `${label}: ${now} (was ${was}, ${delta})`), "",
    `The dashboard for these days: ${dashboardUrl}`,
    `Change or stop this email: ${settingsUrl}`,
  ].join("\n");
  const html = [
    `<p>${escapeHtml(name)}, ${escapeHtml(period)} (by order date), compared with ${escapeHtml(comparison)}:</p>`,
    `<table><thead><tr><th scope="col">Figure</th><th scope="col">This period</th><th scope="col">Before</th><th scope="col">Change</th></tr></thead><tbody>`,
    ...rows.map((row) => `<tr><th scope="row">${escapeHtml(row[0])}</th>${row.slice(1).map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`),
    `</tbody></table>`,
    `<p><a href="${escapeHtml(dashboardUrl)}">Open the dashboard for these days</a> · <a href="${escapeHtml(settingsUrl)}">Change or stop this email</a></p>`,
  ].join("\n");
  return { subject, text, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
