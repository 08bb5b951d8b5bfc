// /admin/summary-email: an owner's summary email of the dashboard's headline figures (off, daily or
// weekly, at a local hour of the shop's first location). Staff see why there is none.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { summarySchema } from "~/insights/summary-email-form.server";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { FormError, Notice, SelectField } from "~/components/Field";
import { setSummarySetting, summarySetting } from "~/insights/summary-emails.server";
import { SUMMARY_FREQUENCIES } from "~/insights/summary-settings";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { readNotice } from "~/lib/session.server";
import { dashboardLocations } from "~/insights/dashboard.server";

export const meta: MetaFunction = () => [{ title: "Summary email — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [setting, locations, { notice, headers }] = await Promise.all([summarySetting(admin.id), dashboardLocations(), readNotice(request)]);
  return data({ owner: isOwner(admin), email: admin.email, setting, timezone: locations[0]?.timezone ?? "UTC", notice }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, "Only an owner can have the summary email.");
  return adminAction(request, summarySchema, async (input) => {
    await setSummarySetting({ frequency: input.frequency, localHour: input.hour }, auditContext(admin, context));
    return done("/admin/summary-email", input.frequency === "off"
      ? "The summary email is off."
      : `The ${input.frequency} summary email will come at ${String(input.hour).padStart(2, "0")}:00 or a few minutes after.`);
  }, { fields: ["frequency", "hour"] });
}

export default function SummaryEmail() {
  const { owner, email, setting, timezone, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  if (!owner) {
    return (
      <>
        <h1>Summary email</h1>
        <p className="panel">The summary email carries the shop's takings and customers, which are for the owners. Ask an owner if you need a figure.</p>
      </>
    );
  }
  return (
    <>
      <h1>Summary email</h1>
      <Notice message={notice} />
      <p>The headline figures of the <Link to="/admin/dashboard">dashboard</Link> (net sales, orders, average order value, refunds, customers, the funnel), each beside the period before, sent to {email}. Hours are the shop's local time ({timezone}).</p>
      <Form method="post" className="panel" noValidate aria-label="Summary email">
        <FormError message={failure?.formError} />
        <SelectField label="Send" name="frequency" defaultValue={failure?.values.frequency ?? setting.frequency} error={failure?.errors.frequency}>
          {SUMMARY_FREQUENCIES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </SelectField>
        <SelectField label="At (local hour)" name="hour" defaultValue={failure?.values.hour ?? String(setting.localHour)} error={failure?.errors.hour}>
          {Array.from({ length: 24 }, (_, hour) => <option key={hour} value={String(hour)}>{String(hour).padStart(2, "0")}:00</option>)}
        </SelectField>
        <button type="submit" disabled={navigation.state !== "idle"}>Save</button>
      </Form>
    </>
  );
}
