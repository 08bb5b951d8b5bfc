// /admin/staff (owners): who can sign in to the admin; invite by email (a one-time link, 72 hours),
// make someone an owner or staff, reset (new link; password and two-factor cleared), deactivate
// (their sessions end at once), and require two-factor sign-in of everyone. The shop always keeps
// one active owner (guarded in SQL).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { staffSchema } from "~/accounts/staff-form.server";
import { requireOwner } from "~/accounts/auth.server";
import { deactivateStaffMember, inviteStaff, listStaff, resetStaffMember, setStaffRole } from "~/accounts/staff.server";
import { setTwoFactorRequired, twoFactorRequired } from "~/accounts/two-factor.server";
import { FormError, Notice, SelectField, TextField } from "~/components/Field";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { failureOf } from "~/lib/forms";
import { readNotice } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Staff — Admin" }];

const ONLY_OWNERS = "Only an owner can manage staff.";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireOwner(request, ONLY_OWNERS);
  const [{ members, invites }, required, { notice, headers }] = await Promise.all([listStaff(), twoFactorRequired(), readNotice(request)]);
  return data({ me: admin.id, members, invites, required, notice }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, ONLY_OWNERS);
  const audit = auditContext(admin, context);
  return adminAction(request, staffSchema, async (input) => {
    switch (input.intent) {
      case "invite":
        await inviteStaff(input.email, input.role, audit);
        return done("/admin/staff", `Invite sent to ${input.email}: the link works once, for 72 hours.`);
      case "role":
        await setStaffRole(input.id, input.role, audit);
        return done("/admin/staff", input.role === "owner" ? "They are an owner now." : "They are staff now.");
      case "reset":
        await resetStaffMember(input.id, audit);
        return done("/admin/staff", "Reset: they are signed out, and a link to choose a new password is on its way to them.");
      case "deactivate":
        await deactivateStaffMember(input.id, audit);
        return done("/admin/staff", "Deactivated: they are signed out and can no longer sign in.");
      case "require-two-factor":
        await setTwoFactorRequired(input.required === "yes", audit);
        return done("/admin/staff", input.required === "yes"
          ? "Two-factor sign-in is required: members without it set it up at their next page."
          : "Two-factor sign-in is each member's choice.");
    }
  }, { fields: { invite: ["email", "role"] }, form: (values) => (values.id ? `${values.intent}-${values.id}` : values.intent ?? "form") });
}

export default function Staff() {
  const { me, members, invites, required, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const inviteFailure = failureOf(failure, "invite");
  return (
    <>
      <h1>Staff</h1>
      <Notice message={notice} />
      <FormError message={failure && (failure.form === null || failure.form === "require-two-factor") ? failure.formError : undefined} />

      <section className="panel">
        <h2>Invite someone</h2>
        <Form method="post" noValidate>
          <FormError message={inviteFailure?.formError} />
          <input type="hidden" name="intent" value="invite" />
          <TextField label="Email" id="invite-email" name="email" type="email" required defaultValue={inviteFailure?.values.email} error={inviteFailure?.errors.email} />
          <SelectField label="Role" id="invite-role" name="role" defaultValue={inviteFailure?.values.role ?? "staff"} error={inviteFailure?.errors.role}>
            <option value="staff">Staff: runs orders, reads the settings</option>
            <option value="owner">Owner: also changes the shop and manages staff</option>
          </SelectField>
          <button type="submit" disabled={busy}>Send invite</button>
        </Form>
        {invites.length ? (
          <>
            <h3>Invites not yet accepted</h3>
            <ul>
              {invites.map((invite) => (
                <li key={invite.id}>{invite.email} ({invite.role}), until {new Date(invite.expiresAt).toLocaleString("en-US")}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="panel">
        <h2>Members</h2>
        <div className="table-scroll" tabIndex={0}>
        <table>
          <thead><tr><th>Member</th><th>Role</th><th>Two-factor</th><th>Last sign-in</th><th>Actions</th></tr></thead>
          <tbody>
            {members.map((m) => {
              const rowFailure = failure && failure.form?.endsWith(`-${m.id}`) ? failure : undefined;
              const active = !m.deactivatedAt;
              return (
                <tr key={m.id}>
                  <td>{m.name ? `${m.name} · ` : ""}{m.email}{m.id === me ? " (you)" : ""}{active ? "" : " — deactivated"}</td>
                  <td>
                    {active ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="role" />
                        <input type="hidden" name="id" value={m.id} />
                        <label className="visually-hidden" htmlFor={`role-${m.id}`}>Role of {m.email}</label>
                        <select id={`role-${m.id}`} name="role" defaultValue={m.role}>
                          <option value="staff">Staff</option>
                          <option value="owner">Owner</option>
                        </select>{" "}
                        <button type="submit" disabled={busy}>Set role</button>
                      </Form>
                    ) : m.role}
                  </td>
                  <td>{m.twoFactor ? "On" : "Off"}</td>
                  <td>{m.lastLoginAt ? new Date(m.lastLoginAt).toLocaleString("en-US") : "Never"}</td>
                  <td>
                    {rowFailure?.formError ? <p className="form-error" role="alert">{rowFailure.formError}</p> : null}
                    {m.id === me ? (
                      <span className="muted">Your own password and two-factor: <Link to="/admin/account">Your account</Link></span>
                    ) : active ? (
                      <>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="reset" />
                          <input type="hidden" name="id" value={m.id} />
                          <button type="submit" disabled={busy} aria-label={`Reset ${m.email}`}>Reset</button>
                        </Form>{" "}
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="deactivate" />
                          <input type="hidden" name="id" value={m.id} />
                          <button type="submit" disabled={busy} aria-label={`Deactivate ${m.email}`}>Deactivate</button>
                        </Form>
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      </section>

      <section className="panel">
        <h2>Two-factor sign-in</h2>
        <p>{required ? "Required of everyone: a member without it must set it up before using the admin." : "Each member's choice."}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="require-two-factor" />
          <input type="hidden" name="required" value={required ? "no" : "yes"} />
          <button type="submit" disabled={busy}>{required ? "Stop requiring two-factor" : "Require two-factor for everyone"}</button>
        </Form>
      </section>
    </>
  );
}
