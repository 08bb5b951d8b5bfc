// /admin/login/code: the second step of signing in for members with two-factor on: the 6-digit code
// from their authenticator app, or one of their recovery codes. Only reachable after the password.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { codeSchema } from "~/accounts/sign-in-forms.server";
import { codeIsDue, submitCode } from "~/accounts/two-factor-sign-in.server";
import { FormError, TextField } from "~/components/Field";
import { parseForm, readFormData, type FormFailure } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Two-factor code — Admin" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await codeIsDue(request))) return redirect("/admin/login");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(await readFormData(request), codeSchema);
  if (!form.ok) return data<FormFailure>({ errors: form.errors, values: {} }, { status: 422 });
  const outcome = await submitCode(request, form.data.code, { requestId: context.requestId, ip: context.clientIp });
  if ("signedIn" in outcome) return outcome.signedIn;
  return data<FormFailure>({ errors: { code: outcome.refused }, values: {} }, { status: outcome.status, headers: outcome.headers });
}

export default function TwoFactorCode() {
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <section className="panel narrow">
      <h1>Two-factor code</h1>
      <p>Enter the 6-digit code your authenticator app shows for this shop. Lost your phone? Enter one of your recovery codes instead.</p>
      <Form method="post" noValidate>
        <FormError message={failure?.formError} />
        <TextField label="Code" name="code" autoComplete="one-time-code" inputMode="text" autoFocus required error={failure?.errors.code} />
        <button type="submit" disabled={navigation.state !== "idle"}>Sign in</button>
      </Form>
      <p><a href="/admin/login">Start again</a></p>
    </section>
  );
}
