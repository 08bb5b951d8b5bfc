// /admin/account: each member's own account: change the password, set up or turn off two-factor
// sign-in (recovery codes shown once, right after), and sign out on every device.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { accountSchema, confirmSchema } from "~/accounts/account-forms.server";
import { changeOwnPassword, requireAdmin, signOutEverywhere } from "~/accounts/auth.server";
import { MIN_PASSWORD_LENGTH } from "~/accounts/password-policy";
import { confirmEnrolment, disableTwoFactor, pendingEnrolment, startEnrolment, twoFactorRequired, twoFactorStatus } from "~/accounts/two-factor.server";
import { FormError, Notice, TextField } from "~/components/Field";
import { adminAction, auditContext, done, refusal, type AdminFormFailure } from "~/lib/admin-action.server";
import { failureOf, parseForm, readFormData } from "~/lib/forms";
import { readNotice } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Your account — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [status, enrolment, required, { notice, headers }] = await Promise.all([
    twoFactorStatus(admin.id), pendingEnrolment(admin.id, admin.email), twoFactorRequired(), readNotice(request),
  ]);
  return data({ admin, status, enrolment, required, notice }, { headers });
}

type AccountAnswer = AdminFormFailure | { recoveryCodes: string[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const audit = auditContext(admin, context);
  // Two intents answer with more than a notice: the recovery codes (shown once, never stored
  // readable), and signing out, which clears this browser's cookie too.
  const intent = (await readFormData(request.clone())).get("intent");
  if (intent === "confirm-two-factor") {
    const form = parseForm(await readFormData(request), confirmSchema);
    if (!form.ok) return data<AccountAnswer>({ errors: form.errors, values: {}, form: "confirm-two-factor" }, { status: 422 });
    const outcome = await confirmEnrolment(admin.id, form.data.code, audit);
    if (!outcome.ok) return data<AccountAnswer>({ errors: { code: outcome.message }, values: {}, form: "confirm-two-factor" }, { status: 422 });
    return data<AccountAnswer>({ recoveryCodes: outcome.recoveryCodes });
  }
  if (intent === "sign-out-everywhere") return signOutEverywhere(request, audit);
  return adminAction(request, accountSchema, async (input) => {
    switch (input.intent) {
      case "password":
        if (input.password !== input.confirm) return refusal(422, "The two new passwords are not the same.", "confirm");
        await changeOwnPassword(audit, input.current, input.password);
        return done("/admin/account", "Your password is changed.");
      case "start-two-factor":
        await startEnrolment(admin.id);
        return done("/admin/account", "Add the shop to your authenticator app, then enter the code it shows.");
      case "disable-two-factor":
        await disableTwoFactor(admin.id, audit);
        return done("/admin/account", "Two-factor sign-in is off: your password alone signs you in.");
    }
  }, { fields: { password: ["current", "password", "confirm"] } });
}

export default function Account() {
  const { admin, status, enrolment, required, notice } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const failure = answer && "form" in answer ? answer : undefined;
  const recoveryCodes = answer && "recoveryCodes" in answer ? answer.recoveryCodes : null;
  const passwordFailure = failureOf(failure, "password");
  const confirmFailure = failureOf(failure, "confirm-two-factor");
  return (
    <>
      <h1>Your account</h1>
      <Notice message={notice} />
      <p>Signed in as {admin.email} ({admin.role}).</p>
      {required && !status.enabled ? (
        <p className="notice notice-info" role="status">The owners require two-factor sign-in: set it up below to use the admin.</p>
      ) : null}

      <section className="panel">
        <h2>Two-factor sign-in</h2>
        {recoveryCodes ? (
          <div>
            <p role="status" className="notice">Two-factor sign-in is on.</p>
            <p>Your recovery codes: each signs you in once if you lose your phone. Keep them somewhere safe: they are shown only now.</p>
            <ul className="recovery-codes" aria-label="Recovery codes">
              {recoveryCodes.map((code) => <li key={code}><code>{code}</code></li>)}
            </ul>
            <p><a href="/admin/account">I have kept them</a></p>
          </div>
        ) : status.enabled ? (
          <>
            <p>On. {status.recoveryCodesLeft} of your recovery codes are unused.</p>
            {required ? <p className="muted">The owners require two-factor for everyone, so it stays on.</p> : (
              <Form method="post" noValidate>
                <FormError message={failureOf(failure, "disable-two-factor")?.formError} />
                <input type="hidden" name="intent" value="disable-two-factor" />
                <button type="submit" disabled={busy}>Turn off two-factor</button>
              </Form>
            )}
          </>
        ) : enrolment ? (
          <>
            <p>Scan this with your authenticator app (or enter the key by hand), then enter the 6-digit code it shows.</p>
            <div className="qr-code" aria-hidden="true" dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
            <p>Key: <code data-testid="totp-secret">{enrolment.secret}</code></p>
            <p className="hint">Or open: <code className="break">{enrolment.uri}</code></p>
            <Form method="post" noValidate>
              <FormError message={confirmFailure?.formError} />
              <input type="hidden" name="intent" value="confirm-two-factor" />
              <TextField label="Code from the app" name="code" autoComplete="one-time-code" inputMode="numeric" required error={confirmFailure?.errors.code} />
              <button type="submit" disabled={busy}>Turn on two-factor</button>
            </Form>
          </>
        ) : (
          <Form method="post" noValidate>
            <p>Off. With two-factor on, signing in also asks for a code from an app on your phone.</p>
            <FormError message={failureOf(failure, "start-two-factor")?.formError} />
            <input type="hidden" name="intent" value="start-two-factor" />
            <button type="submit" disabled={busy}>Set up two-factor</button>
          </Form>
        )}
      </section>

      <section className="panel">
        <h2>Password</h2>
        <Form method="post" noValidate>
          <FormError message={passwordFailure?.formError} />
          <input type="hidden" name="intent" value="password" />
          <TextField label="Current password" name="current" type="password" autoComplete="current-password" required error={passwordFailure?.errors.current} />
          <TextField label="New password" name="password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words together are good.`} error={passwordFailure?.errors.password} />
          <TextField label="New password again" name="confirm" type="password" autoComplete="new-password" required error={passwordFailure?.errors.confirm} />
          <button type="submit" disabled={busy}>Change password</button>
        </Form>
      </section>

      <section className="panel">
        <h2>Sessions</h2>
        <p>Signed in on a shared or lost device? This signs you out everywhere, here too.</p>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button type="submit" disabled={busy}>Sign out everywhere</button>
        </Form>
      </section>
    </>
  );
}
