// One customer's data (owners): the orders and records a download or an erasure covers, the
// download (a POST to the export resource route, audit-logged) and the erasure, confirmed by typing
// their email (or phone number) again.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { eraseSchema } from "~/privacy/privacy-forms.server";
import { requireOwner } from "~/accounts/auth.server";
import { FormError, TextField } from "~/components/Field";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { formatMoney } from "~/lib/money";
import { formatTimestamp } from "~/lib/time";
import { eraseCustomer, subjectSummary, type PrivacySubject } from "~/privacy/privacy.server";

export const meta: MetaFunction = () => [{ title: "Customer data — Privacy — Admin" }];

const OWNERS_ONLY = "Only an owner can see and change customers' personal data.";

function subjectOf(params: URLSearchParams | Record<string, string | undefined>): PrivacySubject {
  const get = (key: string) => (params instanceof URLSearchParams ? params.get(key) : params[key]);
  const email = get("email")?.trim() || null;
  return { email, phone: email ? null : get("phone")?.trim() || null };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOwner(request, OWNERS_ONLY);
  const subject = subjectOf(new URL(request.url).searchParams);
  if (!subject.email && !subject.phone) throw new Response("Say whose data: an email address or a phone number.", { status: 400 });
  const summary = await subjectSummary(subject);
  if (summary.orders.length === 0 && summary.customers === 0) {
    throw new Response("Larder holds no customer or order with that email or phone number (or they were erased).", { status: 404 });
  }
  return { subject, summary };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, OWNERS_ONLY);
  return adminAction(request, eraseSchema, async (input) => {
    const erasure = await eraseCustomer(subjectOf(input), input.confirm, auditContext(admin, context));
    // The notice is kept in the session until shown: it names no one.
    const orders = erasure.order_numbers.length;
    return done("/admin/privacy", orders === 0 && erasure.customers === 0
      ? "Nothing was left to erase: that customer's data was already erased."
      : `Customer erased: ${orders} order${orders === 1 ? "" : "s"} anonymised (${erasure.order_numbers.map((n) => `#${n}`).join(", ")}), ${erasure.emails} email${erasure.emails === 1 ? "" : "s"} and ${erasure.texts} text${erasure.texts === 1 ? "" : "s"} emptied. Square keeps its own records: erase them there too.`);
  }, { fields: ["confirm"] });
}

export default function AdminPrivacyCustomer() {
  const { subject, summary } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const who = subject.email ?? subject.phone ?? "";
  return (
    <>
      <p><Link to="/admin/privacy">← Privacy</Link></p>
      <h1>Customer data: {who}</h1>
      <p>
        {summary.orders.length} order{summary.orders.length === 1 ? "" : "s"}, {summary.customers} customer record{summary.customers === 1 ? "" : "s"},{" "}
        {summary.emails} email{summary.emails === 1 ? "" : "s"} and {summary.texts} text{summary.texts === 1 ? "" : "s"} sent,{" "}
        {summary.sessions} browser session{summary.sessions === 1 ? "" : "s"}, {summary.webhookEvents} Square notification{summary.webhookEvents === 1 ? "" : "s"}.
      </p>
      {summary.orders.length > 0 ? (
        <div className="table-scroll" tabIndex={0}><table className="admin-table">
          <caption>Orders covered</caption>
          <thead>
            <tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Name on order</th><th scope="col">Email</th><th scope="col">Phone</th><th scope="col">State</th><th scope="col">Total</th></tr>
          </thead>
          <tbody>
            {summary.orders.map((order) => (
              <tr key={order.number}>
                <th scope="row"><Link to={`/admin/orders/${order.number}`}>#{order.number}</Link></th>
                <td>{formatTimestamp(order.placedAt)}</td>
                <td>{order.name}</td>
                <td>{order.email ?? "—"}</td>
                <td>{order.phone || "—"}</td>
                <td>{order.state.replace(/_/g, " ")}</td>
                <td>{formatMoney(order.totalCents, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      ) : null}

      <section aria-labelledby="export" className="panel">
        <h2 id="export">Download</h2>
        <p>Everything above as one JSON file, including what Square holds (named, not copied). The download is recorded in the audit log.</p>
        <Form method="post" action="/admin/privacy/export.json" reloadDocument>
          {subject.email ? <input type="hidden" name="email" value={subject.email} /> : <input type="hidden" name="phone" value={subject.phone ?? ""} />}
          <button type="submit">Download export (JSON)</button>
        </Form>
      </section>

      <section aria-labelledby="erase" className="panel">
        <h2 id="erase">Erase this customer</h2>
        <p>
          Their name, email, phone, street address, notes and text consent are removed from every order; the orders keep their number, items,
          amounts, tax and postal code for the books. Their customer record, the bodies of emails and texts sent to them, their browser sessions and
          Square's notifications about them are deleted. If they replied STOP to a text, their number stays on the opt-out list. This cannot be undone.
        </p>
        <Form method="post" noValidate>
          <FormError message={failure?.formError} />
          {subject.email ? <input type="hidden" name="email" value={subject.email} /> : <input type="hidden" name="phone" value={subject.phone ?? ""} />}
          <TextField label={subject.email ? `Type ${subject.email} to confirm` : `Type ${subject.phone} to confirm`} name="confirm" autoComplete="off"
            defaultValue={failure?.values.confirm} error={failure?.errors.confirm} />
          <button type="submit" disabled={navigation.state !== "idle"}>Erase this customer</button>
        </Form>
      </section>
    </>
  );
}
