// A member of staff takes an order for a customer on the phone or at the counter: pick items (with
// their options and choices) into the staff cart, then the customer, the time and how they pay.
// Capacity, stock, pauses and prices are the storefront's own SQL (place_order), so the refusals
// read the same. The same page corrects an unpaid order's items ("Change items" on the order's
// page puts them in the staff cart; saving is revise_unpaid_order). Works without JavaScript: every
// step is a plain form and a 303 back here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { orderSchema } from "~/ordering/staff-order-form.server";
import { requireAdmin } from "~/accounts/auth.server";
import { getMenu, getProductBySlug } from "~/catalog/catalog.server";
import { CheckboxField, FormError, Notice, SelectField, TextAreaField, TextField } from "~/components/Field";
import { ModifierChoices } from "~/components/ModifierChoices";
import { ModifierList } from "~/components/ModifierList";
import { SlotSelect } from "~/components/SlotSelect";
import { adminAction, auditContext, done, refusal } from "~/lib/admin-action.server";
import { env } from "~/lib/env.server";
import { failureOf, readFormData } from "~/lib/forms";
import { formatMoney } from "~/lib/money";
import { commitAdminSession, getAdminSession, readNotice } from "~/lib/session.server";
import { addToCart, getCart, removeFromCart } from "~/ordering/cart.server";
import { getCheckoutOptions } from "~/ordering/checkout.server";
import { reviseOrder, revisionTarget, sendPaymentLink, takeStaffOrder } from "~/ordering/staff-orders.server";

export const meta: MetaFunction = () => [{ title: "New order — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const slug = new URL(request.url).searchParams.get("product");
  const session = await getAdminSession(request);
  const revising = session.get("revisingOrder") ?? null;
  const [menu, cart, options, product, { notice, headers }] = await Promise.all([
    getMenu(),
    getCart(session, "staffCartId"),
    // The times this order's items fit (daily limits), as the storefront's checkout offers them.
    getCheckoutOptions(session.get("staffCartId") ?? undefined),
    slug ? getProductBySlug(slug) : null,
    readNotice(request),
  ]);
  if (slug && !product) throw new Response("That item is not on the menu.", { status: 404 });
  // A fresh key per rendered form: submitting it twice makes one order.
  return data({ menu, cart, options, product, revising, checkoutKey: randomUUID(), notice }, { headers });
}

const placeFields = [
  "source", "name", "phone", "email", "fulfillment", "pickupAt", "deliveryAt", "addressLine1", "addressLine2",
  "addressPostalCode", "payment", "customerNote", "smsConsent",
] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const audit = auditContext(admin, context);
  // The modifier choices' names depend on the item ("modifier", "modifier.<list id>").
  const raw = await readFormData(request.clone());
  const chosen = [...raw].filter(([key]) => key === "modifier" || key.startsWith("modifier.")).map(([, value]) => String(value));
  const session = await getAdminSession(request);
  const cartId = session.get("staffCartId") ?? null;
  const product = await getProductBySlug(String(raw.get("productSlug") ?? ""));

  return adminAction(request, orderSchema, async (input) => {
    switch (input.intent) {
      case "add": {
        if (!product) return refusal(404, "That item is not on the menu any more.");
        const variant = product.variants.find((candidate) => candidate.id === input.variantId);
        if (!variant) return refusal(422, "Choose one of the options shown.", "variantId");
        if (!chosen.every((choice) => /^\d{1,15}$/.test(choice))) return refusal(422, "One of the choices is not offered for this item.", "modifiers");
        await addToCart(session, variant.id, input.quantity, chosen.map(Number), "staffCartId");
        await commitAdminSession(session);
        return done("/admin/orders/new", `Added ${input.quantity} × ${product.name} (${variant.name}).`);
      }
      case "remove":
        if (!cartId) return refusal(409, "The order has nothing in it yet.");
        await removeFromCart(cartId, input.lineId);
        return done("/admin/orders/new", "Removed.");
      case "saveRevision": {
        const number = session.get("revisingOrder");
        const order = number ? await revisionTarget(number) : null;
        if (!order || !cartId) return refusal(409, "There is no order being changed.");
        const after = await reviseOrder(order.id, cartId, audit);
        session.unset("revisingOrder");
        session.unset("staffCartId");
        await commitAdminSession(session);
        return done(`/admin/orders/${number}`, `Order #${number} changed: the total is now ${formatMoney(after.totalCents, after.currency)}.${order.linkSent ? " Send the customer a new payment link: the old one no longer pays for it." : ""}`);
      }
      case "stopRevision": {
        const number = session.get("revisingOrder");
        session.unset("revisingOrder");
        session.unset("staffCartId");
        await commitAdminSession(session);
        return done(number ? `/admin/orders/${number}` : "/admin/orders/new", number ? `Order #${number} left as it was.` : "Nothing to stop.");
      }
      case "place": {
        if (session.get("revisingOrder")) return refusal(409, "Save or stop changing the other order first.");
        const options = await getCheckoutOptions();
        if (!cartId || !options) return refusal(409, "Add an item first.");
        const placed = await takeStaffOrder({
          cartId,
          checkoutKey: input.checkoutKey,
          locationId: options.location.id,
          name: input.name,
          email: input.email || null,
          phone: input.phone,
          source: input.source,
          fulfillment: input.fulfillment,
          slotAt: (input.fulfillment === "pickup" ? input.pickupAt : input.deliveryAt) ?? "",
          address: input.fulfillment === "delivery" ? { line1: input.addressLine1!, line2: input.addressLine2, postalCode: input.addressPostalCode! } : null,
          payment: input.payment,
          customerNote: input.customerNote ?? null,
          smsConsent: input.smsConsent === "on",
        }, audit);
        const page = `/admin/orders/${placed.number}`;
        if (input.payment === "pay_at_pickup") return done(page, `Order #${placed.number} taken: it is on the board, to be paid at pickup.`);
        if (placed.alreadyPlaced) return done(page, `Order #${placed.number} was already taken.`);
        const problem = await sendPaymentLink(placed.orderId, env.publicUrl, audit);
        return done(page, problem ? `Order #${placed.number} taken, but the link was not sent: ${problem.message}` : `Order #${placed.number} taken: the payment link is on its way to the customer.`);
      }
    }
  }, { fields: { add: ["variantId", "quantity", "modifiers", ...(product?.modifierLists.map((list) => `modifierList${list.id}`) ?? [])], remove: [], saveRevision: [], stopRevision: [], place: placeFields } });
}

export default function NewOrder() {
  const { menu, cart, options, product, revising, checkoutKey, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const addFailure = failureOf(failure, "add");
  const placeFailure = failureOf(failure, "place");
  const busy = useNavigation().state !== "idle";
  const values = placeFailure?.values ?? {};
  const errors = placeFailure?.errors ?? {};
  const chosen = new Set((addFailure?.values.modifier ?? "").split(",").filter(Boolean));
  const currency = cart.currency;
  return (
    <article className="new-order">
      <p><Link to="/admin/orders">← Orders</Link></p>
      <h1>{revising ? `Change order #${revising}` : "New phone or walk-in order"}</h1>
      <Notice message={notice} />
      <FormError message={failureOf(failure, null)?.formError ?? failureOf(failure, "remove")?.formError} />
      {cart.lines.length > 0 ? (
        <p className="new-order-jump"><a href="#order-heading">The order: {cart.itemCount} {cart.itemCount === 1 ? "item" : "items"}{cart.totals ? `, ${formatMoney(cart.totals.totalCents, currency)}` : ""} ↓</a></p>
      ) : null}
      <div className="new-order-columns">
        <section aria-labelledby="menu-heading">
          <h2 id="menu-heading">Menu</h2>
          {product ? (
            <Form method="post" className="panel add-to-cart" noValidate>
              <h3>{product.name}</h3>
              <FormError message={addFailure?.formError} />
              <input type="hidden" name="intent" value="add" />
              <input type="hidden" name="productSlug" value={product.slug} />
              <SelectField label="Option" name="variantId" defaultValue={addFailure?.values.variantId ?? String(product.variants.find((variant) => variant.available)?.id ?? "")} error={addFailure?.errors.variantId}>
                {product.variants.map((variant) => (
                  <option key={variant.id} value={variant.id}>
                    {variant.name} — {formatMoney(variant.priceCents, variant.currency)}{variant.available ? "" : " (sold out)"}
                  </option>
                ))}
              </SelectField>
              <FormError message={addFailure?.errors.modifiers} />
              {product.modifierLists.map((list) => (
                <ModifierChoices key={list.id} list={list} currency={product.variants[0]?.currency ?? currency} chosen={chosen} error={addFailure?.errors[`modifierList${list.id}`]} />
              ))}
              <TextField label="Quantity" name="quantity" type="number" inputMode="numeric" min={1} max={99} step={1} defaultValue={addFailure?.values.quantity ?? "1"} error={addFailure?.errors.quantity} />
              <button type="submit" disabled={busy}>Add to order</button> <Link to="/admin/orders/new">Close</Link>
            </Form>
          ) : null}
          {menu.map((category) => (
            <div key={category.id}>
              <h3>{category.name}</h3>
              <ul className="menu-picker">
                {category.products.map((item) => (
                  <li key={item.id}>
                    <Link to={`/admin/orders/new?product=${encodeURIComponent(item.slug)}`} aria-current={product?.slug === item.slug ? "true" : undefined}>
                      {item.name}
                    </Link>{" "}
                    <span className="muted">{formatMoney(item.minPriceCents, item.currency)}{item.soldOut ? " · sold out" : ""}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>

        <section aria-labelledby="order-heading">
          <h2 id="order-heading">The order</h2>
          {cart.lines.length === 0 ? <p className="muted">Nothing yet: choose an item from the menu.</p> : (
            <ul className="order-lines">
              {cart.lines.map((line) => (
                <li key={line.lineId}>
                  <span>
                    {line.quantity} × {line.productName} ({line.variantName}) — {formatMoney(line.lineTotalCents, line.currency)}
                    <ModifierList modifiers={line.modifiers} currency={line.currency} />
                  </span>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="lineId" value={line.lineId} />
                    <button type="submit" className="secondary" disabled={busy} aria-label={`Remove ${line.productName} (${line.variantName})`}>Remove</button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          {cart.totals ? <p><strong>Total {formatMoney(cart.totals.totalCents, currency)}</strong> <span className="muted">before any delivery fee</span></p> : null}

          {revising ? (
            <div className="button-row">
              <Form method="post">
                <input type="hidden" name="intent" value="saveRevision" />
                <button type="submit" disabled={busy}>Save changes to order #{revising}</button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="stopRevision" />
                <button type="submit" className="secondary" disabled={busy}>Stop without changing</button>
              </Form>
            </div>
          ) : cart.lines.length > 0 && options ? (
            <Form method="post" className="panel" noValidate>
              <FormError message={placeFailure?.formError} />
              <input type="hidden" name="intent" value="place" />
              <input type="hidden" name="checkoutKey" value={checkoutKey} />
              <fieldset className="field">
                <legend>Taken</legend>
                <label><input type="radio" name="source" value="phone" defaultChecked={(values.source ?? "phone") === "phone"} /> By phone</label>{" "}
                <label><input type="radio" name="source" value="walk_in" defaultChecked={values.source === "walk_in"} /> In person</label>
              </fieldset>
              <TextField label="Customer name" name="name" autoComplete="off" defaultValue={values.name} error={errors.name} />
              <TextField label="Customer phone" name="phone" type="tel" autoComplete="off" defaultValue={values.phone} error={errors.phone} />
              <TextField label="Email (optional when paying at pickup)" name="email" type="email" autoComplete="off" defaultValue={values.email} error={errors.email} />
              <CheckboxField label="The customer agrees to texts about this order (ready, payment link); they can reply STOP" name="smsConsent"
                defaultChecked={values.smsConsent === "on"} error={errors.smsConsent} />
              <TextAreaField label="Notes for the kitchen (allergies, instructions)" name="customerNote" rows={2} maxLength={500}
                defaultValue={values.customerNote} error={errors.customerNote} />
              <fieldset className={errors.fulfillment ? "field field-invalid" : "field"}>
                <legend>Fulfilment</legend>
                <label><input type="radio" name="fulfillment" value="pickup" defaultChecked={(values.fulfillment ?? "pickup") === "pickup"} /> Pickup</label>{" "}
                {options.delivery ? <label><input type="radio" name="fulfillment" value="delivery" defaultChecked={values.fulfillment === "delivery"} /> Delivery</label> : null}
              </fieldset>
              {options.pickupSlots.length > 0 ? (
                <SlotSelect label="Pickup time" name="pickupAt" slots={options.pickupSlots} timeZone={options.location.timezone} value={values.pickupAt ?? ""} error={errors.pickupAt} />
              ) : <p className="field-error" role="alert">No pickup times are open (the shop may be paused or fully booked).</p>}
              {options.delivery ? (
                <details open={values.fulfillment === "delivery"}>
                  <summary>Delivery details</summary>
                  <SlotSelect label="Delivery time" name="deliveryAt" slots={options.delivery.windows} timeZone={options.location.timezone} windowMinutes={options.delivery.windowMinutes} value={values.deliveryAt ?? ""} error={errors.deliveryAt} />
                  <TextField label="Street address" name="addressLine1" defaultValue={values.addressLine1} error={errors.addressLine1} />
                  <TextField label="Apartment, suite (optional)" name="addressLine2" defaultValue={values.addressLine2} error={errors.addressLine2} />
                  <TextField label="Postal code" name="addressPostalCode" defaultValue={values.addressPostalCode} error={errors.addressPostalCode} />
                </details>
              ) : null}
              <fieldset className={errors.payment ? "field field-invalid" : "field"} aria-describedby={errors.payment ? "payment-error" : undefined}>
                <legend>Payment</legend>
                <div><label><input type="radio" name="payment" value="pay_at_pickup" defaultChecked={(values.payment ?? "pay_at_pickup") === "pay_at_pickup"} /> Pay at pickup (cash or card in the shop)</label></div>
                <div><label><input type="radio" name="payment" value="payment_link" defaultChecked={values.payment === "payment_link"} /> Send a payment link (email, and text if agreed)</label></div>
                {errors.payment ? <p id="payment-error" className="field-error" role="alert">{errors.payment}</p> : null}
              </fieldset>
              <p className="hint">A paid-at-pickup order goes straight to the board. A payment link holds the order until it is paid, like an online order.</p>
              <button type="submit" disabled={busy}>Take order</button>
            </Form>
          ) : null}
        </section>
      </div>
    </article>
  );
}
