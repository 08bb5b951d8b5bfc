// Maintenance mode: while it is on the storefront shows a maintenance page; owners turn it on or off.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { maintenanceSchema } from "~/ops/maintenance-form.server";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { FormError, Notice, TextField } from "~/components/Field";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { getMaintenance, setMaintenance } from "~/ops/maintenance.server";
import { readNotice } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Maintenance mode — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [maintenance, { notice, headers }] = await Promise.all([getMaintenance(), readNotice(request)]);
  return data({ maintenance, canChange: isOwner(admin), notice }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, "Only an owner can turn maintenance mode on or off.");
  return adminAction(request, maintenanceSchema, async (input) => {
    const enabled = input.intent === "enable";
    await setMaintenance(enabled, input.message || null, auditContext(admin, context));
    return done("/admin/maintenance", enabled ? "Maintenance mode is on: the storefront shows the maintenance page." : "Maintenance mode is off: the shop is open.");
  }, { fields: ["message"] });
}

export default function AdminMaintenance() {
  const { maintenance, canChange, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <h1>Maintenance mode</h1>
      <Notice message={notice} />
      <p role="status" className={`order-state state-${maintenance.enabled ? "pending_payment" : "paid"}`}>
        {maintenance.enabled ? "On: customers see the maintenance page" : "Off: the shop is open"}
      </p>
      <p>While it is on, the storefront answers with a friendly “We'll be right back” page. The admin, health checks and Square's webhooks keep working, and orders already placed are unaffected.</p>
      {canChange ? (
        <Form method="post" className="panel" noValidate>
          <FormError message={failure?.formError} />
          {maintenance.enabled ? (
            <>
              <input type="hidden" name="intent" value="disable" />
              <button type="submit" disabled={navigation.state !== "idle"}>Turn off maintenance mode</button>
            </>
          ) : (
            <>
              <input type="hidden" name="intent" value="enable" />
              <TextField label="Message for customers (optional)" name="message" maxLength={300} defaultValue={failure?.values.message} error={failure?.errors.message} />
              <button type="submit" disabled={navigation.state !== "idle"}>Turn on maintenance mode</button>
            </>
          )}
        </Form>
      ) : (
        <p className="muted">Only an owner can change this.</p>
      )}
    </>
  );
}
