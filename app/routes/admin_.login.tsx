import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { loginSchema } from "~/accounts/sign-in-forms.server";
import { recordAudit } from "~/ops/audit.server";
import { authenticateAdmin, getAdmin, signIn } from "~/accounts/auth.server";
import { safeRedirect } from "~/accounts/safe-redirect";
import { askForCode, needsSecondFactor } from "~/accounts/two-factor-sign-in.server";
import { PasswordWorkBusyError } from "~/accounts/password.server";
import { recordFailedSignIn, forgiveSignInAttempt, takeSignInAttempt } from "~/accounts/sign-in-attempts.server";
import { retryAfterHeaders } from "~/ops/rate-limit.server";
import { sql } from "~/lib/db.server";
import { FormError, TextField } from "~/components/Field";
import { parseForm, readFormData, type FormFailure } from "~/lib/forms";
import { keepRetryAfter } from "~/lib/retry-after";

/** Over a rate limit, the page keeps the action's Retry-After. */
export const headers = keepRetryAfter;

export const meta: MetaFunction = () => [{ title: "Sign in — Admin" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getAdmin(request)) {
    return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(await readFormData(request), loginSchema);
  // Never send a password back to the page.
  const { password: _password, ...values } = form.values;
  // An error on the hidden redirectTo (a NUL byte) has no input to sit beside: it is the form's.
  if (!form.ok) return data<FormFailure>({ errors: form.errors, formError: form.errors.redirectTo, values }, { status: 422 });
  // Limited per account and per address before any password is checked (only failures count).
  const { email } = form.data;
  const tooMany = await takeSignInAttempt(email, context.clientIp);
  if (tooMany) return data<FormFailure>({ errors: {}, formError: tooMany.message, values }, { status: 429, headers: retryAfterHeaders(tooMany.retryAfterSeconds) });
  const admin = await authenticateAdmin(email, form.data.password).catch((error: unknown) => {
    if (error instanceof PasswordWorkBusyError) return "busy" as const;
    throw error;
  });
  if (admin === "busy") {
    await forgiveSignInAttempt(email, context.clientIp);
    return data<FormFailure>({ errors: {}, formError: "Too many sign-ins are being checked right now. Try again in a few seconds.", values }, { status: 503, headers: retryAfterHeaders(5) });
  }
  if (!admin) {
    await recordFailedSignIn(email, { requestId: context.requestId, ip: context.clientIp });
    return data<FormFailure>({ errors: {}, formError: "That email and password don't match an account.", values }, { status: 401 });
  }
  // With two-factor on, the code comes next (admin_.login_.code.tsx), and signing in is recorded there.
  // The attempt is not given back then: each password-and-code round costs one, so the code's own
  // five tries cannot be renewed without limit by someone who knows the password.
  if (await needsSecondFactor(admin)) return askForCode(request, admin, form.data.redirectTo ?? "/admin");
  await forgiveSignInAttempt(email, context.clientIp);
  await recordAudit(sql, { admin, requestId: context.requestId, ip: context.clientIp }, { action: "admin.sign_in", subjectType: "admin_user", subjectId: admin.id });
  return signIn(request, admin, form.data.redirectTo ?? "/admin");
}

export default function AdminLogin() {
  const failure = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  // With JavaScript the page is not reloaded after a refusal: clear the password as a reload would.
  useEffect(() => {
    if (failure) formRef.current?.reset();
  }, [failure]);
  return (
    <section className="panel narrow">
      <h1>Sign in to the admin</h1>
      <Form method="post" noValidate ref={formRef}>
        <FormError message={failure?.formError} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/admin"} />
        <TextField label="Email" name="email" type="email" autoComplete="username" required defaultValue={failure?.values.email} error={failure?.errors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={failure?.errors.password} />
        <button type="submit" disabled={navigation.state !== "idle"}>Sign in</button>
      </Form>
    </section>
  );
}
