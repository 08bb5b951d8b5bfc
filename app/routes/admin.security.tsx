// Rate limits and holds (docs/decisions/008): owners see and change how many attempts each key may
// make in how many minutes, how many unpaid orders a customer may hold and for how long.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOwner } from "~/accounts/auth.server";
import { FormError, Notice, TextField } from "~/components/Field";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { readNotice } from "~/lib/session.server";
import { holdField, limitField } from "~/ops/security-fields";
import { securityFields, securitySchema } from "~/ops/security-form.server";
import { getSecuritySettings, HOLD_NAMES, LIMIT_NAMES, setSecuritySettings, type HoldName, type LimitName } from "~/ops/security-settings.server";

export const meta: MetaFunction = () => [{ title: "Security — Admin" }];

const REFUSAL = "Only an owner can see and change rate limits and holds.";

const limitWords: Record<LimitName, string> = {
  sign_in_per_account: "Failed sign-ins per admin account",
  sign_in_per_ip: "Failed sign-ins per address",
  place_order_per_ip: "Orders placed per address",
  place_order_per_email: "Orders placed per email",
  payment_per_ip: "Payment attempts on an order's page per address",
  payment_per_email: "Payment attempts on an order's page per email",
  promo_code_per_cart: "Wrong promo codes per cart",
  promo_code_per_ip: "Wrong promo codes per address",
  post_per_ip: "Forms sent per address (all pages)",
  account_code_email_per_email: "Customer sign-in codes emailed per email",
  account_code_email_per_ip: "Customer sign-in codes emailed per address",
  account_code_wrong_per_email: "Wrong customer sign-in codes per email",
  account_code_wrong_per_ip: "Wrong customer sign-in codes and links per address",
};

const holdWords: Record<HoldName, { label: string; hint: string }> = {
  unpaid_orders: { label: "Unpaid orders a customer may hold", hint: "Per email, address and browser; staff orders are not counted." },
  card_minutes: { label: "Minutes an order paid by card is held", hint: "Its stock, time slot and promo code are released after this." },
  payment_link_minutes: { label: "Minutes an order paid through Square's checkout page is held", hint: "Also orders with no payment started yet." },
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOwner(request, REFUSAL);
  const [settings, { notice, headers }] = await Promise.all([getSecuritySettings(), readNotice(request)]);
  return data({ settings, notice }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, REFUSAL);
  return adminAction(request, securitySchema, async (input) => {
    const changed = await setSecuritySettings({
      limits: Object.fromEntries(LIMIT_NAMES.map((name) => [name, { limit: input[limitField(name, "limit")], minutes: input[limitField(name, "minutes")] }])),
      holds: Object.fromEntries(HOLD_NAMES.map((name) => [name, input[holdField(name)]])),
    }, auditContext(admin, context));
    return done("/admin/security", changed === 0 ? "Nothing changed." : changed === 1 ? "1 setting changed." : `${changed} settings changed.`);
  }, { fields: securityFields });
}

export default function AdminSecurity() {
  const { settings, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const value = (field: string, current: number) => failure?.values[field] ?? String(current);
  return (
    <>
      <h1>Security</h1>
      <Notice message={notice} />
      <p>Limits count attempts for every app machine together. Over a limit, the customer or admin is told when to try again (and the page answers 429 with Retry-After); nothing is held. Each limit allows its attempts at once, then one more every window ÷ attempts.</p>
      <Form method="post" className="panel" noValidate>
        <FormError message={failure?.formError} />
        <h2>Rate limits</h2>
        {LIMIT_NAMES.map((name) => (
          <fieldset key={name} className="inline-fields">
            <legend>{limitWords[name]}{settings.limits[name].isDefault ? " (default)" : ""}</legend>
            <TextField label="Attempts" name={limitField(name, "limit")} inputMode="numeric" defaultValue={value(limitField(name, "limit"), settings.limits[name].limit)} error={failure?.errors[limitField(name, "limit")]} />
            <TextField label="Per minutes" name={limitField(name, "minutes")} inputMode="numeric" defaultValue={value(limitField(name, "minutes"), settings.limits[name].minutes)} error={failure?.errors[limitField(name, "minutes")]} />
          </fieldset>
        ))}
        <h2>Holding stock without paying</h2>
        {HOLD_NAMES.map((name) => (
          <TextField key={name} label={`${holdWords[name].label}${settings.holds[name].isDefault ? " (default)" : ""}`} name={holdField(name)} inputMode="numeric"
            hint={holdWords[name].hint} defaultValue={value(holdField(name), settings.holds[name].value)} error={failure?.errors[holdField(name)]} />
        ))}
        <button type="submit" disabled={navigation.state !== "idle"}>Save</button>
      </Form>
    </>
  );
}
