import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/auth.server";
import { getHealthReport } from "~/ops/health.server";
import { formatTimestamp } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Health — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { report: await getHealthReport() };
}

export default function AdminHealth() {
  const { report } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Health</h1>
      <p>The owners are emailed when a problem here starts and when it ends: see <Link to="/admin/incidents">Incidents</Link>.</p>
      <p className={`order-state state-${report.status === "ok" ? "paid" : "pending_payment"}`} role="status">
        {report.status === "ok" ? "All good" : "Needs attention"}
      </p>
      {report.problems.length > 0 ? (
        <ul className="problems">
          {report.problems.map((problem) => <li key={problem}>{problem}</li>)}
        </ul>
      ) : null}
      <dl className="facts">
        <dt>Database</dt><dd>{report.database.connections} connection(s) open; pool of {report.database.poolSize} per process</dd>
        <dt>Job queue</dt>
        <dd>
          {report.queue.queued} waiting, {report.queue.running} running, {report.queue.permanentlyFailed} failed for good
          {report.queue.oldestQueuedSeconds !== null ? `; oldest waiting ${Math.round(report.queue.oldestQueuedSeconds)} s` : ""} — <Link to="/admin/jobs">Jobs</Link>
        </dd>
        <dt>Webhooks</dt><dd>{report.webhooks.dead} dead, {report.webhooks.failed} retrying — <Link to="/admin/webhooks?state=dead">Webhooks</Link></dd>
        <dt>Square</dt>
        <dd>
          {report.square.environment};{" "}
          {Object.keys(report.square.breakers).length === 0
            ? "no calls yet in this process"
            : Object.entries(report.square.breakers).map(([family, state]) => `${family} ${state.replace("_", "-")}`).join(", ")}
        </dd>
        <dt>Email</dt><dd>{report.email.transport === "smtp" ? "SMTP" : "kept in the outbox (no SMTP_URL)"}</dd>
        <dt>Last catalog sync</dt>
        <dd>
          {report.catalogSync.lastRun
            ? `${formatTimestamp(report.catalogSync.lastRun.startedAt)} UTC, ${report.catalogSync.lastRun.kind}, ${report.catalogSync.lastRun.status}`
            : "Never"}
          {report.catalogSync.source === "square" ? "" : " (the menu is edited here, not synced from Square)"} — <Link to="/admin/catalog-sync">Catalog sync</Link>
        </dd>
        <dt>Last rollup</dt>
        <dd>
          {report.rollup.lastRunAt
            ? `${formatTimestamp(report.rollup.lastRunAt)} UTC, sales rollups swept (${report.rollup.daysRolledUp} day row(s) recomputed)`
            : "Never (the worker sweeps the sales rollups every 15 minutes; each order change queues its own)"}
        </dd>
        <dt>Unpaid orders</dt><dd>{report.orders.stalePending} waiting over {report.orders.pendingOlderThanMinutes} minutes</dd>
      </dl>
      <p className="muted">Checked {formatTimestamp(report.checkedAt)} UTC. As JSON for monitors: <code>/admin/health.json</code> with <code>Authorization: Bearer $HEALTH_TOKEN</code>.</p>
    </>
  );
}
