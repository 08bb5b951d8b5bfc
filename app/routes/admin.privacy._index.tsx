// Privacy (owners): find a customer by email or phone to export or erase their data, and how long
// personal data that is purged is kept. The search is a GET (it changes nothing); the retention form
// is the page's one change.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { retentionSchema } from "~/privacy/retention-form.server";
import { requireOwner } from "~/accounts/auth.server";
import { FormError, Notice, TextField } from "~/components/Field";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { isShopError } from "~/lib/shop-error";
import { readNotice } from "~/lib/session.server";
import { formatTimestamp } from "~/lib/time";
import { retentionSettings, searchCustomers, setRetention, type PrivacySearchResult } from "~/privacy/privacy.server";

export const meta: MetaFunction = () => [{ title: "Privacy — Admin" }];

const OWNERS_ONLY = "Only an owner can see and change customers' personal data.";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOwner(request, OWNERS_ONLY);
  const query = (new URL(request.url).searchParams.get("q") ?? "").trim();
  let results: PrivacySearchResult[] | null = null;
  let searchError: string | null = null;
  if (query) {
    try {
      results = await searchCustomers(query);
    } catch (error) {
      const refused = isShopError(error);
      if (!refused) throw error;
      searchError = refused.message;
    }
  }
  const [retention, { notice, headers }] = await Promise.all([retentionSettings(), readNotice(request)]);
  return data({ query, results, searchError, retention, notice }, { status: searchError ? 422 : 200, headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, OWNERS_ONLY);
  return adminAction(request, retentionSchema, async (input) => {
    await setRetention(input, auditContext(admin, context));
    return done("/admin/privacy", "Retention periods saved: the nightly purge uses them from now on.");
  }, { fields: ["webhookPayloadDays", "outboxBodyDays", "abandonedCartDays"] });
}

/** The customer page of a search result: by email, or by phone for orders taken without one. */
function customerHref(result: { email: string | null; phone: string | null }): string {
  const params = new URLSearchParams(result.email ? { email: result.email } : { phone: result.phone ?? "" });
  return `/admin/privacy/customer?${params}`;
}

const RETENTION_LABELS = {
  "retention.webhook_payload_days": { name: "webhookPayloadDays", label: "Square webhook payloads (days)", hint: "The event and its id stay, so a repeated delivery is still recognised." },
  "retention.outbox_body_days": { name: "outboxBodyDays", label: "Email and text bodies (days)", hint: "Who, which message, its status and when stay on the order's history." },
  "retention.abandoned_cart_days": { name: "abandonedCartDays", label: "Carts never checked out (days)", hint: "Not counting carts a live browser session still holds." },
} as const;

export default function AdminPrivacy() {
  const { query, results, searchError, retention, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <h1>Privacy</h1>
      <Notice message={notice} />
      <p>Find a customer to download everything the shop holds about them, or to erase them. See the README's “Privacy” section for what is stored, where and for how long.</p>
      <Form method="get" className="panel" role="search">
        <TextField label="Customer's email or phone number" name="q" type="search" defaultValue={query} maxLength={254} error={searchError ?? undefined} autoComplete="off" />
        <button type="submit">Find customer</button>
      </Form>
      {results ? (
        results.length === 0 ? (
          <p>No customer or order has that email or phone number.</p>
        ) : (
          <table className="admin-table">
            <caption>Customers found</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Phone</th><th scope="col">Orders</th><th scope="col">Last seen</th></tr>
            </thead>
            <tbody>
              {results.map((result) => (
                <tr key={`${result.email ?? ""}|${result.phone ?? ""}`}>
                  <th scope="row"><Link to={customerHref(result)}>{result.name}</Link></th>
                  <td>{result.email ?? "—"}</td>
                  <td>{result.phone ?? "—"}</td>
                  <td>{result.orders}</td>
                  <td>{result.lastOrderAt ? formatTimestamp(result.lastOrderAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <section aria-labelledby="retention">
        <h2 id="retention">How long personal data is kept</h2>
        <p className="hint">A job purges what is older every night. Orders themselves are kept for the books.</p>
        <Form method="post" className="panel" noValidate>
          <FormError message={failure?.formError} />
          <input type="hidden" name="intent" value="retention" />
          {retention.map((setting) => {
            const field = RETENTION_LABELS[setting.key];
            return (
              <TextField key={setting.key} label={field.label} name={field.name} inputMode="numeric" required
                defaultValue={failure?.values[field.name] ?? String(setting.days)} error={failure?.errors[field.name]}
                hint={`${field.hint} Default ${setting.defaultDays}.`} />
            );
          })}
          <button type="submit" disabled={navigation.state !== "idle"}>Save retention periods</button>
        </Form>
      </section>
    </>
  );
}
