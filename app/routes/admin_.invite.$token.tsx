// /admin/invite/:token: the page an invite's (or a reset's) emailed link opens. The member chooses a
// password (the one policy, accounts/password-policy.ts) and is signed in; the link then never works
// again. Reached from an email, so it needs no session (the admin cookie is SameSite=Strict).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { acceptSchema } from "~/accounts/invite-form.server";
import { signIn } from "~/accounts/auth.server";
import { MIN_PASSWORD_LENGTH } from "~/accounts/password-policy";
import { acceptInvite, findInviteLink } from "~/accounts/staff.server";
import { FormError, TextField } from "~/components/Field";
import { parseForm, readFormData, type FormFailure } from "~/lib/forms";
import { isShopError } from "~/lib/shop-error";

export const meta: MetaFunction = () => [{ title: "Your admin account" }, { name: "robots", content: "noindex" }];

const CLOSED = {
  used: "This link has already been used. Ask an owner for a new one.",
  expired: "This link has expired. Ask an owner for a new one.",
} as const;

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await findInviteLink(params.token ?? "");
  if (!link) return data({ link: null, closed: "This link is not one we sent. Ask an owner for a new one." }, { status: 404 });
  if (link.state !== "open") return data({ link, closed: CLOSED[link.state] }, { status: 410 });
  return data({ link, closed: null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = parseForm(await readFormData(request), acceptSchema);
  // Never send a password back to the page.
  const values = { name: form.values.name ?? "" };
  if (!form.ok) return data<FormFailure>({ errors: form.errors, values }, { status: 422 });
  try {
    const member = await acceptInvite(params.token ?? "", form.data.name ?? "", form.data.password, context.requestId);
    return signIn(request, member, "/admin/account");
  } catch (error) {
    const refused = isShopError(error);
    if (!refused) throw error;
    const failure: FormFailure = refused.field === "password"
      ? { errors: { password: refused.message }, values }
      : { errors: {}, formError: refused.message, values };
    return data(failure, { status: refused.status });
  }
}

export default function AcceptInvite() {
  const { link, closed } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (failure) formRef.current?.querySelectorAll<HTMLInputElement>("input[type=password]").forEach((input) => (input.value = ""));
  }, [failure]);
  if (!link || closed) {
    return (
      <section className="panel narrow">
        <h1>This link does not work</h1>
        <p role="alert">{closed}</p>
      </section>
    );
  }
  const invite = link.kind === "invite";
  return (
    <section className="panel narrow">
      <h1>{invite ? "Join the admin" : "Choose a new password"}</h1>
      <p>{invite ? `You sign in as ${link.email}.` : `For ${link.email}.`} Use at least {MIN_PASSWORD_LENGTH} characters: a few unrelated words together are long and easy to remember.</p>
      <Form method="post" noValidate ref={formRef}>
        <FormError message={failure?.formError} />
        {invite ? <TextField label="Your name" name="name" autoComplete="name" defaultValue={failure?.values.name} error={failure?.errors.name} /> : null}
        <TextField label="New password" name="password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} error={failure?.errors.password} />
        <TextField label="New password again" name="confirm" type="password" autoComplete="new-password" required error={failure?.errors.confirm} />
        <button type="submit" disabled={navigation.state !== "idle"}>{invite ? "Create my account" : "Set the password"}</button>
      </Form>
    </section>
  );
}
