// The sign-in link from a customer's email. Opening it changes nothing (mail scanners open links):
// the page's button signs in. A used, expired or unknown link says so, with the way to get a new one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { signInLinkState, signInWithLink, type LinkState } from "~/accounts/customer-sign-in.server";
import { FormError } from "~/components/Field";
import { readFormData } from "~/lib/forms";
import { keepRetryAfter } from "~/lib/retry-after";
import { shopTitle } from "~/lib/titles";
import { retryAfterHeaders } from "~/ops/rate-limit.server";

/** Over a rate limit, the page keeps the action's Retry-After. */
export const headers = keepRetryAfter;

export const meta: MetaFunction = ({ matches }) => [{ title: shopTitle(matches, "Sign in") }, { name: "robots", content: "noindex" }];

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const STATE_WORDS: Record<Exclude<LinkState, "usable">, string> = {
  used: "This link has already been used. Ask for a new one.",
  expired: "This link has expired (codes and links work for 10 minutes, and only the latest one). Ask for a new one.",
  unknown: "This sign-in link is not one we sent. Ask for a new one.",
};

export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const state: LinkState = TOKEN.test(token) ? await signInLinkState(token) : "unknown";
  return data({ refusal: state === "usable" ? null : STATE_WORDS[state] }, { status: state === "usable" ? 200 : state === "unknown" ? 404 : 410 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await readFormData(request);
  const token = params.token ?? "";
  if (!TOKEN.test(token)) return data({ formError: STATE_WORDS.unknown }, { status: 404 });
  const outcome = await signInWithLink(token, context.clientIp);
  if (outcome.ok) return redirect("/account", { status: 303, headers: { "Set-Cookie": outcome.setCookie } });
  if ("tooMany" in outcome) {
    return data({ formError: outcome.tooMany.message }, { status: 429, headers: retryAfterHeaders(outcome.tooMany.retryAfterSeconds) });
  }
  return data({ formError: outcome.refused.message }, { status: outcome.refused.status });
}

export default function AccountLink() {
  const { refusal } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const problem = failure?.formError ?? refusal;
  return (
    <section className="panel narrow">
      <h1>Sign in</h1>
      {problem ? (
        <>
          <FormError message={problem} />
          <p><Link to="/account/sign-in">Get a new code</Link></p>
        </>
      ) : (
        <Form method="post">
          <p>Sign in to your account on this device.</p>
          <button type="submit" disabled={navigation.state !== "idle"}>Sign in</button>
        </Form>
      )}
    </section>
  );
}
