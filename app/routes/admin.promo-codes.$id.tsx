// One promo code, new (/admin/promo-codes/new) or existing: what it takes off, from what subtotal,
// when, and how often. Owners change, deactivate or (if no order used it) delete it; staff read it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { promoFields, promoPageSchema } from "~/ordering/promo-code-form.server";
import { basisPointsToPercentText, centsToDollarsText } from "~/lib/admin-forms";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { CheckboxField, FormError, Notice, SelectField, TextField } from "~/components/Field";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { failureOf } from "~/lib/forms";
import { describeDiscount } from "~/ordering/promo-code-text";
import { createPromoCode, deletePromoCode, getPromoCode, promoTimeZone, setPromoCodeActive, updatePromoCode } from "~/ordering/promo-codes.server";
import { readNotice } from "~/lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.code ? `Promo code ${data.code.code}` : "New promo code"} — Admin` : "Promo code not found" },
];

async function findCode(idParam: string | undefined) {
  if (idParam === "new") return null;
  const id = Number(idParam);
  const code = Number.isSafeInteger(id) && id > 0 ? await getPromoCode(id) : null;
  if (!code) throw new Response("Promo code not found", { status: 404 });
  return code;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [code, timezone, { notice, headers }] = await Promise.all([findCode(params.id), promoTimeZone(), readNotice(request)]);
  return data({ code, timezone, canChange: isOwner(admin), notice }, { headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, "Only an owner can change promo codes.");
  const existing = await findCode(params.id);
  const audit = auditContext(admin, context);
  const notFound = () => new Response("Promo code not found", { status: 404 });
  return adminAction(request, promoPageSchema, async (input) => {
    switch (input.intent) {
      case "save":
        if (!existing) {
          await createPromoCode(input.code, audit);
          return done("/admin/promo-codes", `${input.code.code} created.`);
        }
        if (!(await updatePromoCode(existing.id, input.code, audit))) throw notFound();
        return done(`/admin/promo-codes/${existing.id}`, `${input.code.code} saved.`);
      case "activate":
      case "deactivate":
        if (!existing || !(await setPromoCodeActive(existing.id, input.intent === "activate", audit))) throw notFound();
        return done(
          `/admin/promo-codes/${existing.id}`,
          input.intent === "activate" ? `${existing.code} is active again.` : `${existing.code} is deactivated: checkout no longer accepts it.`,
        );
      case "delete":
        if (!existing || !(await deletePromoCode(existing.id, audit))) throw notFound();
        return done("/admin/promo-codes", `${existing.code} deleted.`);
    }
  }, { fields: { save: Object.keys(promoFields.shape) } });
}

export default function AdminPromoCode() {
  const { code, timezone, canChange, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const saveFailure = failureOf(failure, "save");
  const values = saveFailure?.values;
  const errors = saveFailure?.errors ?? {};
  const savedValue = code ? (code.kind === "percent" ? basisPointsToPercentText(code.percentBps ?? 0) : centsToDollarsText(code.amountCents ?? 0)) : "";
  const used = code ? code.redemptions > 0 || code.uses > 0 : false;
  return (
    <article>
      <p><Link to="/admin/promo-codes">← Promo codes</Link></p>
      <h1>{code ? `Promo code ${code.code}` : "New promo code"}</h1>
      <Notice message={notice} />
      {canChange ? null : <p className="muted">You can see this code; only an owner can change it.</p>}
      {code ? (
        <dl className="facts">
          <dt>Discount</dt><dd>{describeDiscount(code)}</dd>
          <dt>Status</dt><dd>{code.status}</dd>
          <dt>Uses</dt><dd>{code.uses} of {code.maxUses ?? "no limit"}</dd>
          <dt>Redemptions</dt><dd>{code.redemptions}</dd>
        </dl>
      ) : null}
      <Form method="post" className="panel" noValidate>
        <FormError message={saveFailure?.formError} />
        <input type="hidden" name="intent" value="save" />
        <fieldset disabled={!canChange}>
          <TextField label="Code" name="code" maxLength={32} autoCapitalize="characters" hint="Customers may type it in any case." defaultValue={values?.code ?? code?.code ?? ""} error={errors.code} />
          <TextField label="Description (optional)" name="description" maxLength={200} defaultValue={values?.description ?? code?.description ?? ""} error={errors.description} />
          <SelectField label="Kind" name="kind" defaultValue={values?.kind ?? code?.kind ?? "percent"} error={errors.kind}>
            <option value="percent">Percent off</option>
            <option value="fixed">Amount off ($)</option>
          </SelectField>
          <TextField label="Discount" name="value" inputMode="decimal" hint="A percentage like 15, or dollars like 5.00, as the kind says." defaultValue={values?.value ?? savedValue} error={errors.value} />
          <TextField label="Minimum subtotal ($)" name="minimumSubtotal" inputMode="decimal" hint="0 for none." defaultValue={values?.minimumSubtotal ?? (code ? centsToDollarsText(code.minimumSubtotalCents) : "0.00")} error={errors.minimumSubtotal} />
          <div className="settings-grid">
            <TextField label="Starts (optional)" name="startsAt" type="datetime-local" hint={`On the shop's clock: ${timezone}.`} defaultValue={values?.startsAt ?? code?.startsAt ?? ""} error={errors.startsAt} />
            <TextField label="Ends (optional)" name="endsAt" type="datetime-local" hint="Empty: no end." defaultValue={values?.endsAt ?? code?.endsAt ?? ""} error={errors.endsAt} />
            <TextField label="Total uses (optional)" name="maxUses" inputMode="numeric" hint="Empty: no limit." defaultValue={values?.maxUses ?? (code?.maxUses != null ? String(code.maxUses) : "")} error={errors.maxUses} />
            <TextField label="Uses per customer (optional)" name="maxUsesPerCustomer" inputMode="numeric" hint="Empty: no limit." defaultValue={values?.maxUsesPerCustomer ?? (code?.maxUsesPerCustomer != null ? String(code.maxUsesPerCustomer) : "")} error={errors.maxUsesPerCustomer} />
          </div>
          <CheckboxField label="Active (checkout accepts it)" name="isActive" defaultChecked={values ? values.isActive === "on" : code?.isActive ?? true} error={errors.isActive} />
          {canChange ? <button type="submit" disabled={busy}>{code ? "Save promo code" : "Create promo code"}</button> : null}
        </fieldset>
      </Form>
      {code && canChange ? (
        <section className="panel" aria-label="Stop or remove">
          <FormError message={failure && failure.form !== "save" ? failure.formError : undefined} />
          <div className="row-actions">
            <Form method="post">
              <input type="hidden" name="intent" value={code.isActive ? "deactivate" : "activate"} />
              <button type="submit" disabled={busy}>{code.isActive ? "Deactivate" : "Activate"}</button>
            </Form>
            {used ? (
              <p className="hint">Orders used this code, so it is kept for their history: deactivate it to stop it.</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <button type="submit" className="link-button" disabled={busy}>Delete {code.code}</button>
              </Form>
            )}
          </div>
        </section>
      ) : null}
    </article>
  );
}
