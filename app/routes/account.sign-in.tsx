// A customer signs in without a password: their email here, then the code (or link) we email them
// (account.code.tsx, account.link.$token.tsx). Every well-formed address gets the same answer.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requestSignInCode } from "~/accounts/customer-sign-in.server";
import { signedInCustomerId } from "~/accounts/customer-session.server";
import { FormError, TextField } from "~/components/Field";
import { parseForm, readFormData, type FormFailure } from "~/lib/forms";
import { keepRetryAfter } from "~/lib/retry-after";
import { commitSession, getSession } from "~/lib/session.server";
import { shopTitle } from "~/lib/titles";
import { retryAfterHeaders } from "~/ops/rate-limit.server";
import { signInSchema } from "~/accounts/customer-account-forms.server";

/** Over a rate limit, the page keeps the action's Retry-After. */
export const headers = keepRetryAfter;

export const meta: MetaFunction = ({ matches }) => [{ title: shopTitle(matches, "Sign in") }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if ((await signedInCustomerId(request)) !== null) return redirect("/account");
  const session = await getSession(request, context);
  return { email: session.get("signInEmail") ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(await readFormData(request), signInSchema);
  if (!form.ok) return data<FormFailure>({ errors: form.errors, values: form.values }, { status: 422 });
  const email = form.data.email.toLowerCase();
  const tooMany = await requestSignInCode(email, context.clientIp);
  if (tooMany) {
    return data<FormFailure>({ errors: {}, formError: tooMany.message, values: form.values }, { status: 429, headers: retryAfterHeaders(tooMany.retryAfterSeconds) });
  }
  const session = await getSession(request);
  session.set("signInEmail", email);
  return redirect("/account/code", { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
}

export default function AccountSignIn() {
  const { email } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <section className="panel narrow">
      <h1>Sign in</h1>
      <p>We email you a code to sign in: no password to remember. Your account shows your orders, lets you order again, and fills in checkout for you.</p>
      <Form method="post" noValidate>
        <FormError message={failure?.formError} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required
          defaultValue={failure?.values.email ?? email} error={failure?.errors.email} />
        <button type="submit" disabled={navigation.state !== "idle"}>Email me a code</button>
      </Form>
      <p className="muted">You can always order without an account. <Link to="/">Back to the menu</Link></p>
    </section>
  );
}
