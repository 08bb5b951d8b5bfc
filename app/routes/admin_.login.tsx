import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { recordAudit } from "~/ops/audit.server";
import { authenticateAdmin, getAdmin, safeRedirect, signIn } from "~/accounts/auth.server";
import { sql } from "~/lib/db.server";
import { FormError, TextField } from "~/components/Field";
import { parseForm, readFormData, type FormFailure } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Sign in — Admin" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getAdmin(request)) {
    return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

const loginSchema = z.object({
  email: z.string().trim().email("Enter the email address you sign in with."),
  password: z.string().min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(await readFormData(request), loginSchema);
  // Never send a password back to the page.
  const { password: _password, ...values } = form.values;
  // An error on the hidden redirectTo (a NUL byte) has no input to sit beside: it is the form's.
  if (!form.ok) return data<FormFailure>({ errors: form.errors, formError: form.errors.redirectTo, values }, { status: 422 });
  const admin = await authenticateAdmin(form.data.email, form.data.password);
  if (!admin) {
    return data<FormFailure>({ errors: {}, formError: "That email and password don't match an account.", values }, { status: 401 });
  }
  await recordAudit(sql, { admin, requestId: context.requestId, ip: context.clientIp }, { action: "admin.sign_in", subjectType: "admin_user", subjectId: admin.id });
  return signIn(request, admin, form.data.redirectTo ?? "/admin/orders");
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
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/admin/orders"} />
        <TextField label="Email" name="email" type="email" autoComplete="username" required defaultValue={failure?.values.email} error={failure?.errors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={failure?.errors.password} />
        <button type="submit" disabled={navigation.state !== "idle"}>Sign in</button>
      </Form>
    </section>
  );
}
