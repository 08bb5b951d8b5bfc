// A signed-in customer's account: their orders (each linking to its status page, with "Order
// again"), the details checkout fills in for them and their consents, and signing out. One action,
// one intent per form.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { accountSchema } from "~/accounts/customer-account-forms.server";
import { customerOrders, getCustomerAccount, saveCustomerAccount } from "~/accounts/customer-account.server";
import { endAccountSession, requireCustomer } from "~/accounts/customer-session.server";
import { CheckboxField, FormError, Notice, TextField } from "~/components/Field";
import { customerStateLabel } from "~/kitchen/progress";
import { isShopError } from "~/lib/db.server";
import { parseForm, readFormData, shopErrorToForm, type FormFailure } from "~/lib/forms";
import { formatMoney } from "~/lib/money";
import { commitSession, getSession } from "~/lib/session.server";
import { formatTimestamp } from "~/lib/time";
import { shopTitle } from "~/lib/titles";
import { orderAgain, reorderNotice } from "~/ordering/reorder.server";

export const meta: MetaFunction = ({ matches }) => [{ title: shopTitle(matches, "Your account") }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const customerId = await requireCustomer(request);
  const [account, orders, session] = await Promise.all([getCustomerAccount(customerId), customerOrders(customerId), getSession(request, context)]);
  if (!account) throw redirect("/account/sign-in");
  const notice = session.get("notice") ?? null;
  // Reading a flash consumes it; only then is there anything to save.
  const headers = notice ? { "Set-Cookie": await commitSession(session) } : undefined;
  return data({ account, orders, notice }, { headers });
}

const SAVE_FIELDS = ["name", "phone", "addressLine1", "addressLine2", "addressCity", "addressRegion", "addressPostalCode", "marketingConsent", "smsConsent"] as const;

type AccountFailure = FormFailure & { intent?: string };

export async function action({ request }: ActionFunctionArgs) {
  const customerId = await requireCustomer(request);
  const form = parseForm(await readFormData(request), accountSchema);
  if (!form.ok) return data<AccountFailure>({ ...form, formError: form.errors.intent ?? form.errors.orderNumber, intent: form.values.intent }, { status: 422 });
  const input = form.data;
  if (input.intent === "signOut") {
    return redirect("/", { status: 303, headers: { "Set-Cookie": await endAccountSession(request) } });
  }
  const session = await getSession(request);
  try {
    if (input.intent === "orderAgain") {
      const reordered = await orderAgain(session, customerId, input.orderNumber);
      session.flash("notice", reorderNotice(reordered));
      return redirect("/cart", { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
    }
    await saveCustomerAccount(customerId, {
      name: input.name,
      phone: input.phone,
      address: { line1: input.addressLine1, line2: input.addressLine2, city: input.addressCity, region: input.addressRegion, postalCode: input.addressPostalCode },
      marketingConsent: input.marketingConsent,
      smsConsent: input.smsConsent,
    });
  } catch (error) {
    const refused = isShopError(error);
    if (!refused) throw error;
    return data<AccountFailure>({ ...shopErrorToForm(refused, form.values, SAVE_FIELDS), intent: input.intent }, { status: refused.status });
  }
  session.flash("notice", "Your details are saved.");
  return redirect("/account", { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
}

export default function AccountPage() {
  const { account, orders, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const saving = failure?.intent === "save";
  const values = saving ? failure.values : null;
  const errors = saving ? failure.errors : {};
  const value = (field: keyof typeof account & string) => values?.[field] ?? String(account[field] ?? "");
  return (
    <>
      <h1>Your account</h1>
      <p>Signed in as <strong>{account.email}</strong>.</p>
      <Notice message={notice} />
      {failure && !saving ? <FormError message={failure.formError ?? "That could not be done."} /> : null}

      <section className="panel">
        <h2>Your orders</h2>
        {orders.length === 0 ? <p>No orders yet. <Link to="/">See the menu</Link></p> : (
          <ul className="account-orders">
            {orders.map((order) => (
              <li key={order.number}>
                <p>
                  <Link to={`/orders/${order.publicToken}`}>Order #{order.number}</Link>{" "}
                  · {formatTimestamp(order.placedAt, order.timeZone)} · <span className="order-state">{customerStateLabel(order.state, order.fulfillment, order.payAtPickup && !order.paidAt)}</span>
                  {" "}· {formatMoney(order.totalCents, order.currency)}
                </p>
                <p className="muted">{order.items}</p>
                <Form method="post">
                  <input type="hidden" name="orderNumber" value={order.number} />
                  <button type="submit" name="intent" value="orderAgain" disabled={busy} aria-label={`Order again: order #${order.number}`}>Order again</button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel">
        <h2>Your details</h2>
        <p className="muted">Checkout fills these in for you.</p>
        <Form method="post" noValidate>
          <FormError message={saving ? failure.formError : undefined} />
          <TextField label="Name" name="name" autoComplete="name" maxLength={100} defaultValue={value("name")} error={errors.name} />
          <TextField label="Phone" name="phone" type="tel" autoComplete="tel" defaultValue={value("phone")} error={errors.phone} />
          <fieldset>
            <legend>Delivery address</legend>
            <TextField label="Street address" name="addressLine1" autoComplete="address-line1" defaultValue={value("addressLine1")} error={errors.addressLine1} />
            <TextField label="Apartment, suite (optional)" name="addressLine2" autoComplete="address-line2" defaultValue={value("addressLine2")} error={errors.addressLine2} />
            <TextField label="City" name="addressCity" autoComplete="address-level2" defaultValue={value("addressCity")} error={errors.addressCity} />
            <TextField label="State or region" name="addressRegion" autoComplete="address-level1" defaultValue={value("addressRegion")} error={errors.addressRegion} />
            <TextField label="ZIP or postal code" name="addressPostalCode" autoComplete="postal-code" defaultValue={value("addressPostalCode")} error={errors.addressPostalCode} />
          </fieldset>
          <CheckboxField label="Email me news and offers from the shop" name="marketingConsent"
            defaultChecked={values ? values.marketingConsent === "on" : account.marketingConsentAt !== null} error={errors.marketingConsent} />
          <CheckboxField label="Text me when my orders are ready" name="smsConsent"
            defaultChecked={values ? values.smsConsent === "on" : account.smsConsentAt !== null} error={errors.smsConsent}
            hint="To the phone number above. Reply STOP to any text to stop them." />
          <button type="submit" name="intent" value="save" disabled={busy}>Save my details</button>
        </Form>
      </section>

      <Form method="post">
        <button type="submit" name="intent" value="signOut" className="secondary" disabled={busy}>Sign out</button>
      </Form>
    </>
  );
}
