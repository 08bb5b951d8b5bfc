// Incidents: every problem the owners' alarm (evaluate_incidents, every minute) has noticed, open
// ones first, with whether the owners were told; owners set quiet hours and a phone for texts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { alertSettingsSchema } from "~/ops/alert-settings-form.server";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { FormError, Notice, TextField } from "~/components/Field";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { readNotice } from "~/lib/session.server";
import { formatTimestamp } from "~/lib/time";
import { INCIDENT_PAGES } from "~/ops/incident-emails.server";
import { getAlertSettings, listIncidents, setAlertSettings } from "~/ops/incidents.server";

export const meta: MetaFunction = () => [{ title: "Incidents — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [incidents, settings, { notice, headers }] = await Promise.all([listIncidents(), getAlertSettings(), readNotice(request)]);
  return data({ incidents, settings, canChange: isOwner(admin), notice, pages: INCIDENT_PAGES }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, "Only an owner can change the alert settings.");
  return adminAction(request, alertSettingsSchema, async (input) => {
    await setAlertSettings(input, auditContext(admin, context));
    return done("/admin/incidents", "Alert settings saved.");
  }, { fields: ["quietFrom", "quietUntil", "smsTo"] });
}

function when(value: string | null) {
  return value ? formatTimestamp(value) : "—";
}

export default function AdminIncidents() {
  const { incidents, settings, canChange, notice, pages } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <h1>Incidents</h1>
      <Notice message={notice} />
      <p>
        Every minute Larder checks for dead webhooks, jobs failed for good, Square calls paused by a circuit breaker, payments failing on
        our side and silent workers. Each problem is one incident: the owners get one email when it opens and one when it is resolved.
        See also <Link to="/admin/health">Health</Link>.
      </p>
      {incidents.length === 0 ? (
        <p className="muted">No incidents yet.</p>
      ) : (
        <table>
          <thead>
            <tr><th>Problem</th><th>Opened</th><th>Resolved</th><th>Owners told</th></tr>
          </thead>
          <tbody>
            {incidents.map((incident) => {
              const page = pages[incident.kind];
              return (
                <tr key={incident.id}>
                  <td>{incident.summary}{page ? <> — <Link to={page.path}>{page.label}</Link></> : null}</td>
                  <td>{when(incident.openedAt)}</td>
                  <td>{incident.resolvedAt ? when(incident.resolvedAt) : <strong>open</strong>}</td>
                  <td>
                    {incident.notifiedAt ? `opened ${when(incident.notifiedAt)}` : incident.resolvedAt ? "no (quiet hours)" : "not yet (quiet hours)"}
                    {incident.resolutionNotifiedAt ? `; resolved ${when(incident.resolutionNotifiedAt)}` : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>Alert settings</h2>
      {canChange ? (
        <Form method="post" className="panel" noValidate>
          <FormError message={failure?.formError} />
          <p className="muted">During quiet hours (the shop's local time) nothing is sent; what is still open when they end is sent then.</p>
          <TextField label="Quiet from" name="quietFrom" placeholder="22:00" defaultValue={failure?.values.quietFrom ?? settings.quietFrom ?? ""} error={failure?.errors.quietFrom} />
          <TextField label="Quiet until" name="quietUntil" placeholder="07:00" defaultValue={failure?.values.quietUntil ?? settings.quietUntil ?? ""} error={failure?.errors.quietUntil} />
          <TextField label="Also text alerts to (optional)" name="smsTo" placeholder="+12175550100" defaultValue={failure?.values.smsTo ?? settings.smsTo ?? ""} error={failure?.errors.smsTo} />
          <button type="submit" disabled={navigation.state !== "idle"}>Save alert settings</button>
        </Form>
      ) : (
        <p className="muted">
          Quiet hours: {settings.quietFrom ? `${settings.quietFrom} to ${settings.quietUntil}` : "none"}. Only an owner can change this.
        </p>
      )}
    </>
  );
}
