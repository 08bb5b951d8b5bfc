// The second step of a customer's sign-in: the six-digit code from the email. A wrong code counts
// against the limits; a used or expired one says so, with the way to get a new one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { signInWithCode } from "~/accounts/customer-sign-in.server";
import { FormError, TextField } from "~/components/Field";
import { parseForm, readFormData, type FormFailure } from "~/lib/forms";
import { keepRetryAfter } from "~/lib/retry-after";
import { commitSession, getSession } from "~/lib/session.server";
import { shopTitle } from "~/lib/titles";
import { retryAfterHeaders } from "~/ops/rate-limit.server";
import { codeSchema } from "~/accounts/customer-account-forms.server";

/** Over a rate limit, the page keeps the action's Retry-After. */
export const headers = keepRetryAfter;

export const meta: MetaFunction = ({ matches }) => [{ title: shopTitle(matches, "Enter your code") }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const email = (await getSession(request, context)).get("signInEmail");
  if (!email) return redirect("/account/sign-in");
  return { email };
}

type CodeFailure = FormFailure & { askForNew?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getSession(request);
  const email = session.get("signInEmail");
  if (!email) return redirect("/account/sign-in", 303);
  const form = parseForm(await readFormData(request), codeSchema);
  if (!form.ok) return data<CodeFailure>({ errors: form.errors, values: form.values }, { status: 422 });
  const outcome = await signInWithCode(email, form.data.code, context.clientIp);
  if (!outcome.ok) {
    if ("tooMany" in outcome) {
      return data<CodeFailure>({ errors: {}, formError: outcome.tooMany.message, values: form.values, askForNew: true },
        { status: 429, headers: retryAfterHeaders(outcome.tooMany.retryAfterSeconds) });
    }
    const { refused } = outcome;
    return refused.field === "code"
      ? data<CodeFailure>({ errors: { code: refused.message }, values: form.values }, { status: refused.status })
      : data<CodeFailure>({ errors: {}, formError: refused.message, values: form.values, askForNew: true }, { status: refused.status });
  }
  session.unset("signInEmail");
  const headers = new Headers();
  headers.append("Set-Cookie", outcome.setCookie);
  headers.append("Set-Cookie", await commitSession(session));
  return redirect("/account", { status: 303, headers });
}

export default function AccountCode() {
  const { email } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <section className="panel narrow">
      <h1>Enter your code</h1>
      <p>We emailed a 6-digit code and a sign-in link to <strong>{email}</strong>. They work once, for 10 minutes.</p>
      <Form method="post" noValidate>
        <FormError message={failure?.formError} />
        {failure?.askForNew ? <p><Link to="/account/sign-in">Get a new code</Link></p> : null}
        <TextField label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={12} required
          defaultValue={failure?.values.code} error={failure?.errors.code} />
        <button type="submit" disabled={navigation.state !== "idle"}>Sign in</button>
      </Form>
      <p className="muted">No email? Check your spam folder, or <Link to="/account/sign-in">send a new code</Link>.</p>
    </section>
  );
}
