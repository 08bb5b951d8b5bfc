import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireAdmin } from "~/accounts/auth.server";
import { FormError, Notice, TextField } from "~/components/Field";
import { parseForm, type FormFailure } from "~/lib/forms";
import { getMaintenance, setMaintenance } from "~/ops/maintenance.server";
import { commitSession, getSession } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Maintenance mode — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const session = await getSession(request);
  const notice = session.get("notice") ?? null;
  const headers = notice ? { "Set-Cookie": await commitSession(session) } : undefined;
  return data({ maintenance: await getMaintenance(), canChange: admin.role === "owner", notice }, { headers });
}

const maintenanceSchema = z.object({
  intent: z.enum(["enable", "disable"]),
  message: z.string().trim().max(300, "Use at most 300 characters.").optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  if (admin.role !== "owner") {
    return data<FormFailure>({ errors: {}, formError: "Only an owner can turn maintenance mode on or off.", values: {} }, { status: 403 });
  }
  const form = parseForm(await request.formData(), maintenanceSchema);
  if (!form.ok) return data<FormFailure>(form, { status: 422 });
  const enabled = form.data.intent === "enable";
  await setMaintenance(enabled, form.data.message || null, { admin, requestId: context.requestId, ip: context.clientIp });
  const session = await getSession(request);
  session.flash("notice", enabled ? "Maintenance mode is on: the storefront shows the maintenance page." : "Maintenance mode is off: the shop is open.");
  return redirect("/admin/maintenance", { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
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
