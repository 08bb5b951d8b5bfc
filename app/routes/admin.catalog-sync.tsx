// The menu's source (Square's catalog or Larder's own), the recent catalog syncs with what each did,
// and, for owners, "Sync now" and the source switch.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { catalogSyncSchema } from "~/catalog/catalog-sync-form.server";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { CATALOG_SOURCES } from "~/catalog/catalog-source";
import { setCatalogSource } from "~/catalog/catalog-source.server";
import { getCatalogSyncStatus, requestCatalogSyncByAdmin } from "~/catalog/catalog-sync.server";
import { FormError, Notice, SelectField } from "~/components/Field";
import { adminAction, auditContext, done, refusal } from "~/lib/admin-action.server";
import { readNotice } from "~/lib/session.server";
import { formatTimestamp } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Catalog sync — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [status, { notice, headers }] = await Promise.all([getCatalogSyncStatus(), readNotice(request)]);
  return data({ status, canChange: isOwner(admin), notice }, { headers });
}

const SOURCE_LABELS = { square: "Square: synced from your Square catalog", local: "Larder: edited here in the admin" } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, "Only an owner can sync the catalog or change where the menu comes from.");
  const audit = auditContext(admin, context);
  return adminAction(request, catalogSyncSchema, async (input) => {
    switch (input.intent) {
      case "source":
        await setCatalogSource(input.source, audit);
        return done(
          "/admin/catalog-sync",
          input.source === "square" ? "The menu now comes from Square. A full sync is queued." : "The menu is now edited here. Square's catalog is no longer synced.",
        );
      case "sync":
        if (!(await requestCatalogSyncByAdmin(input.mode, audit))) {
          return refusal(409, "The menu is edited here, not synced from Square: switch its source to Square first.");
        }
        return done("/admin/catalog-sync", input.mode === "full" ? "A full sync is queued: it runs in a moment." : "A sync of the changes is queued: it runs in a moment.");
    }
  }, { fields: { source: ["source"], sync: [] } });
}

const OUTCOMES = { running: "Running", succeeded: "Succeeded", failed: "Failed" } as const;
const TRIGGERS = { cron: "Hourly", webhook: "Square webhook", admin: "Sync now" } as const;

export default function AdminCatalogSync() {
  const { status, canChange, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const lastRun = status.runs[0];
  const synced = status.source === "square";
  return (
    <>
      <h1>Catalog sync</h1>
      <Notice message={notice} />
      <FormError message={failure?.formError} />
      <p role="status" className={`order-state state-${synced ? "paid" : "pending_payment"}`}>
        Menu source: {SOURCE_LABELS[status.source]}
      </p>
      <dl className="facts">
        <dt>Last sync</dt>
        <dd>
          {lastRun
            ? `${formatTimestamp(lastRun.startedAt)} UTC, ${lastRun.kind}, ${OUTCOMES[lastRun.status].toLowerCase()}${lastRun.error ? `: ${lastRun.error}` : ""}`
            : "Never"}
        </dd>
        <dt>Last successful sync</dt>
        <dd>{status.lastSucceededAt ? `${formatTimestamp(status.lastSucceededAt)} UTC` : "Never"}</dd>
        <dt>Next sync starts from</dt>
        <dd>{status.latestTime ? <>Square's catalog as of <code>{status.latestTime}</code></> : "The whole catalog (a full sync)"}</dd>
        <dt>Waiting</dt>
        <dd>{status.queuedJobs > 0 ? `${status.queuedJobs} sync job(s) queued or running` : "No sync queued"}</dd>
        <dt>Stock</dt>
        <dd>
          {status.linkedLocations > 0
            ? `Kept for ${status.linkedLocations} location(s) linked to Square`
            : "No location is linked to a Square location, so stock is not synced (a shop with one location is linked at its first sync)"}
        </dd>
      </dl>
      {canChange ? (
        <>
          {synced ? (
            <Form method="post" className="panel">
              <h2>Sync now</h2>
              <p>Changes come on their own (Square's webhooks, and every hour). A full sync also takes off the menu what Square no longer has.</p>
              <input type="hidden" name="intent" value="sync" />
              <button type="submit" name="mode" value="incremental" disabled={busy}>Sync changes now</button>{" "}
              <button type="submit" name="mode" value="full" disabled={busy}>Full sync now</button>
            </Form>
          ) : null}
          <Form method="post" className="panel" noValidate>
            <h2>Where the menu comes from</h2>
            <input type="hidden" name="intent" value="source" />
            <SelectField
              label="Menu source"
              name="source"
              defaultValue={failure?.values.source ?? status.source}
              error={failure?.errors.source}
              hint="With Square, the menu, prices, modifiers, pictures and stock follow your Square catalog."
            >
              {CATALOG_SOURCES.map((source) => (
                <option key={source} value={source}>{SOURCE_LABELS[source]}</option>
              ))}
            </SelectField>
            <button type="submit" disabled={busy}>Save menu source</button>
          </Form>
        </>
      ) : (
        <p className="muted">Only an owner can sync the catalog or change where the menu comes from.</p>
      )}
      <h2>Recent syncs</h2>
      {status.runs.length === 0 ? (
        <p>No sync has run yet.</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Started (UTC)</th><th scope="col">Kind</th><th scope="col">Asked by</th><th scope="col">Outcome</th>
              <th scope="col">Pages</th><th scope="col">Objects changed</th><th scope="col">Taken off the menu</th>
              <th scope="col">Stock counts</th>
            </tr>
          </thead>
          <tbody>
            {status.runs.map((run) => (
              <tr key={run.id}>
                <th scope="row">{formatTimestamp(run.startedAt)}</th>
                <td>{run.kind}</td>
                <td>{TRIGGERS[run.trigger]}</td>
                <td>
                  {OUTCOMES[run.status]}
                  {run.finishedAt ? <div className="muted">finished {formatTimestamp(run.finishedAt)}</div> : null}
                  {run.error ? <div className="field-error">{run.error}</div> : null}
                </td>
                <td>{run.pages}</td>
                <td>{run.objectsApplied} of {run.objectsReceived}</td>
                <td>{run.productsDeactivated}</td>
                <td>{run.inventoryCountsApplied}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
