// Checkout: the cart's summary and one form (details, pickup, delivery or shipping, address, promo
// code, tip, card) that is re-priced as it changes (intent=quote) and places the order (intent=place),
// then pays by card or goes to Square's hosted checkout.
// Long on purpose (~400 lines): one form's fields, their schema and the sections that show or hide
// together read best in one place; the work is in ordering/checkout.server.ts and payments/.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useEffect, useState, type FormEvent } from "react";
import { checkoutSchema, pricingSchema, type PricingChoices } from "~/ordering/checkout-form.server";
import { getCart, startCheckout } from "~/ordering/cart.server";
import { countsInFunnel } from "~/insights/funnel-visitor.server";
import { checkoutLocation, getCheckoutOptions, placeOrder, quoteCheckout, unpaidOrdersOfSession, type CheckoutQuote } from "~/ordering/checkout.server";
import { giveBackAttempt, retryAfterHeaders, takeAttempt } from "~/ops/rate-limit.server";
import { CardFields, useCardPayment } from "~/components/CardPayment";
import { checkoutCharge } from "~/ordering/checkout-verification";
import { OrderTotals } from "~/components/OrderTotals";
import { CheckboxField, SelectField, TextAreaField, TextField } from "~/components/Field";
import { ModifierList } from "~/components/ModifierList";
import { ProductImage } from "~/components/ProductImage";
import { shopTitle } from "~/lib/titles";
import { isShopError } from "~/lib/db.server";
import { parseForm, readFormData, shopErrorToForm, type FormFailure } from "~/lib/forms";
import { formatMoney, parseMoneyToCents } from "~/lib/money";
import { startPayment } from "~/payments/payments.server";
import { orderingNotices } from "~/kitchen/ordering-words";
import { shopOrderingStatus } from "~/kitchen/pauses.server";
import { isSquareAvailable, webPaymentsConfig } from "~/payments/square.server";
import { commitSession, getSession } from "~/lib/session.server";
import { formatDay } from "~/lib/time";
import { SlotSelect } from "~/components/SlotSelect";
import { keepRetryAfter } from "~/lib/retry-after";
import { checkoutPrefill } from "~/accounts/customer-account.server";
import { unpaidOrdersOfBrowser } from "~/ordering/unpaid-orders.server";
import { UnpaidOrders } from "~/components/UnpaidOrders";
import { ErrorSummary } from "~/components/ErrorSummary";
import { PickupTimeChoice } from "~/components/PickupTimeChoice";
import { TipChoice } from "~/components/TipChoice";
import { asapPickupSlot, pickupDayMismatch, shownPickupDay } from "~/ordering/pickup-choice";
import { keepCheckoutWhenUnreachable, skipRevalidationWhenUnreachable, type UnreachableFailure } from "~/ordering/checkout-unreachable";
import { useNewestAnswer } from "~/ordering/newest-answer";
import { useZoneShown } from "~/lib/use-zone-shown";

/** Over a rate limit, the page keeps the action's Retry-After. */
export const headers = keepRetryAfter;

export const meta: MetaFunction = ({ matches }) => [
  { title: shopTitle(matches, "Checkout") },
  { name: "description", content: "Checkout: your details, pickup, delivery or shipping, and payment." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  // The lines only: the page's totals are quoteCheckout's, for the fulfillment chosen.
  const cart = await getCart(session, "cartId", { totals: false });
  if (!cart.id || cart.lines.length === 0) return redirect("/cart");
  // Only the days and times this cart fits in the daily item limits.
  const [options, ordering, unpaidOrders] = await Promise.all([getCheckoutOptions(cart.id), shopOrderingStatus(), unpaidOrdersOfBrowser(session.id)]);
  const notices = orderingNotices(ordering);
  const quote = options ? await quoteCheckout(cart.id, options.location.id, { fulfillment: "pickup" }) : null;
  // A signed-in customer's saved details fill the form; a guest's start empty.
  const prefill = await checkoutPrefill(request);
  // A fresh key per rendered form: resubmitting this form (double click, back, replay) names the
  // same checkout, so it can only ever make one order.
  const asapSlot = options ? asapPickupSlot(options.pickupSlots, options.location.pickupAsapMinutes, new Date()) : null;
  return { cart, options, notices, quote, asapSlot, checkoutKey: randomUUID(), webPayments: webPaymentsConfig(), prefill, unpaidOrders };
}

const fields = [
  "name", "email", "phone", "fulfillment", "pickupDay", "pickupAt", "deliveryAt", "shipOn", "addressLine1", "addressLine2",
  "addressCity", "addressRegion", "addressPostalCode", "promoCode", "tip", "tipAmount", "customerNote", "smsConsent",
] as const;

/** unpaidOrders: when refused for holding too many unpaid orders, the ones this browser can pay. */
type CheckoutFailure = FormFailure & { quote?: CheckoutQuote; unpaidOrders?: { number: number; publicToken: string }[] };
/** What the page may get back: the action's answer, or the browser's own when the shop could not be reached. */
type CheckoutAnswer = CheckoutFailure | (UnreachableFailure & { quote?: undefined; unpaidOrders?: undefined });

/** The tip fields as the database takes them, or the field error. */
function readTip(form: { tip?: string; tipAmount?: string }):
  | { ok: true; tipPercent: number | null; tipCents: number | null }
  | { ok: false; errors: Record<string, string> } {
  if (!form.tip) return { ok: true, tipPercent: null, tipCents: null };
  if (form.tip !== "custom") return { ok: true, tipPercent: Number(form.tip), tipCents: null };
  const cents = form.tipAmount ? parseMoneyToCents(form.tipAmount) : null;
  if (cents === null) return { ok: false, errors: { tipAmount: "Enter a tip amount like 3 or 2.50." } };
  return { ok: true, tipPercent: null, tipCents: cents };
}

/** The checkout's price for the choices sent, or the field a pricing choice was refused on. */
async function priceCheckout(
  cartId: string, locationId: number, choices: PricingChoices, values: Record<string, string>, clientIp: string | null,
): Promise<{ answer: CheckoutFailure; status: number; headers?: HeadersInit }> {
  const tip = readTip(choices);
  if (!tip.ok) return { answer: { errors: tip.errors, values }, status: 422 };
  // Guessing promo codes is limited per cart and per address; a code that works gives its try back.
  const promoTries = choices.promoCode
    ? [{ limit: "promo_code_per_cart" as const, value: cartId }, { limit: "promo_code_per_ip" as const, value: clientIp }]
    : [];
  const tooMany = await takeAttempt(promoTries);
  if (tooMany) return { answer: { errors: { promoCode: tooMany.message }, values }, status: 429, headers: retryAfterHeaders(tooMany.retryAfterSeconds) };
  try {
    const quote = await quoteCheckout(cartId, locationId, {
      fulfillment: choices.fulfillment,
      postalCode: choices.addressPostalCode,
      promoCode: choices.promoCode,
      tipPercent: tip.tipPercent ?? undefined,
      tipCents: tip.tipCents ?? undefined,
      email: values.email?.trim() || undefined,
    });
    await giveBackAttempt(promoTries);
    return { answer: { errors: {}, values, quote }, status: 200 };
  } catch (error) {
    const shopError = isShopError(error);
    if (!shopError) throw error;
    if (shopError.field !== "promoCode") await giveBackAttempt(promoTries);
    return { answer: shopErrorToForm(shopError, values, fields), status: shopError.status };
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getSession(request);
  const cartId = session.get("cartId");
  const formData = await readFormData(request);
  // The slots are not read here: place_order checks the chosen one.
  const location = await checkoutLocation();
  if (!cartId || !location) {
    return data<CheckoutFailure>({ errors: {}, formError: "Your cart is empty.", values: {} }, { status: 422 });
  }
  // A visit straight to /checkout (not through the cart's POST) counts as started here, once per cart.
  if (countsInFunnel(request)) await startCheckout(cartId);

  if (formData.get("intent") === "quote") {
    const form = parseForm(formData, pricingSchema);
    if (!form.ok) return data<CheckoutFailure>(form, { status: 422 });
    const priced = await priceCheckout(cartId, location.id, form.data, form.values, context.clientIp);
    return data<CheckoutFailure>(priced.answer, { status: priced.status, headers: priced.headers });
  }

  const form = parseForm(formData, checkoutSchema);
  if (!form.ok) return data<CheckoutFailure>(form, { status: 422 });
  if (form.data.fulfillment === "pickup" && pickupDayMismatch(form.data.pickupAt, form.data.pickupDay, location.timezone)) {
    // Without JavaScript the time list was still the day shown before another day was chosen.
    return data<CheckoutFailure>({ errors: { pickupAt: `Choose a time on ${formatDay(form.data.pickupDay!)}: the times shown were for another day.` }, values: { ...form.values, pickupAt: "" } }, { status: 422 });
  }
  // The card form could not be read: the details were only sent to be checked, the price's own
  // checks (the delivery zone, the promo code) too, so every error shows beside the card's at once.
  if (form.values.validateOnly === "1") {
    const priced = await priceCheckout(cartId, location.id, form.data, form.values, context.clientIp);
    return data<CheckoutFailure>(priced.answer, { status: priced.status === 200 ? 422 : priced.status, headers: priced.headers });
  }
  const tip = readTip(form.data);
  if (!tip.ok) return data<CheckoutFailure>({ errors: tip.errors, values: form.values }, { status: 422 });
  const payingByCard = Boolean(form.data.sourceId);
  if (payingByCard ? !isSquareAvailable("payments") || !isSquareAvailable("orders") : !isSquareAvailable("payment_links")) {
    // Checked before the order is made, so an outage leaves the cart as it was and nothing held.
    return data<CheckoutFailure>(
      { errors: {}, formError: "Payments are temporarily unavailable. Your cart is saved: please try again in a few minutes.", values: form.values },
      { status: 503 },
    );
  }

  // Limited per address and per email before anything is held.
  const tooMany = await takeAttempt([
    { limit: "place_order_per_ip", value: context.clientIp },
    { limit: "place_order_per_email", value: form.data.email },
  ]);
  if (tooMany) {
    return data<CheckoutFailure>({ errors: {}, formError: tooMany.message, values: form.values },
      { status: 429, headers: retryAfterHeaders(tooMany.retryAfterSeconds) });
  }

  const { sourceId, fulfillment } = form.data;
  let placed;
  try {
    placed = await placeOrder({
      cartId,
      checkoutKey: form.data.checkoutKey,
      locationId: location.id,
      name: form.data.name,
      email: form.data.email,
      phone: form.data.phone,
      fulfillment,
      slotAt: (fulfillment === "pickup" ? form.data.pickupAt : fulfillment === "delivery" ? form.data.deliveryAt : null) ?? null,
      shipOn: fulfillment === "shipping" ? form.data.shipOn ?? null : null,
      address: fulfillment === "pickup" ? null : {
        line1: form.data.addressLine1 ?? "",
        line2: form.data.addressLine2,
        city: form.data.addressCity,
        region: form.data.addressRegion,
        postalCode: form.data.addressPostalCode ?? "",
      },
      promoCode: form.data.promoCode ?? null,
      tipPercent: tip.tipPercent,
      tipCents: tip.tipCents,
      customerNote: form.data.customerNote ?? null,
      smsConsent: form.data.smsConsent === "on",
      clientIp: context.clientIp,
      sessionId: session.id,
    });
  } catch (error) {
    const shopError = isShopError(error);
    if (!shopError) throw error;
    if (shopError.status === 429) {
      // Too many unpaid orders: nothing was held; show the ones this browser can pay.
      const unpaidOrders = await unpaidOrdersOfSession(session.id);
      return data<CheckoutFailure>({ ...shopErrorToForm(shopError, form.values, fields), unpaidOrders },
        { status: 429, headers: retryAfterHeaders(shopError.retryAfterSeconds ?? 60) });
    }
    return data<CheckoutFailure>(shopErrorToForm(shopError, form.values, fields), { status: shopError.status });
  }

  const orderPage = `/orders/${placed.publicToken}`;
  const payment = await startPayment(placed.orderId, { sourceId, verificationToken: form.data.verificationToken, requestId: context.requestId });
  if (payment.kind === "hosted_checkout") return redirect(payment.url, 303);
  // The order is placed whatever the payment did: its page shows why it is unpaid and pays again.
  if (payment.kind === "failed") session.flash("paymentError", payment.message);
  return redirect(orderPage, { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
}

/** The error summary's links: each field's id on the page (radio groups: their first choice). */
const fieldIds: Record<string, string> = Object.fromEntries(fields.map((field) => [field, field]));

/** With JavaScript, a submission that gets no answer keeps the form (see checkout-unreachable.ts). */
export const clientAction = keepCheckoutWhenUnreachable;
export const shouldRevalidate = skipRevalidationWhenUnreachable;

const pricingFields = new Set(["fulfillment", "addressPostalCode", "promoCode", "tip", "tipAmount"]);

/** A background quote's field errors, for the pricing fields only. */
function pricingErrors(answer: CheckoutAnswer | undefined): Record<string, string> {
  if (!answer) return {};
  return Object.fromEntries(Object.entries(answer.errors).filter(([field]) => pricingFields.has(field)));
}

export default function CheckoutPage() {
  const { cart, options, notices, quote: initialQuote, asapSlot, checkoutKey, webPayments, prefill, unpaidOrders } = useLoaderData<typeof loader>();
  const card = useCardPayment(webPayments, { validateFormOnCardError: true, verify: (form) => checkoutCharge(form, quote) });
  const failure = useActionData<CheckoutAnswer>();
  const navigation = useNavigation();
  const submitting = card.tokenizing || (navigation.state !== "idle" && navigation.formMethod === "POST");
  // With JavaScript, the summary follows the pricing choices as they change (same action, intent=quote).
  const quoter = useFetcher<CheckoutAnswer>();
  const values: Record<string, string | undefined> = failure?.values ?? prefill;
  // The newest answer wins, whichever way it came; the total is the newest quote either brought.
  const newest = useNewestAnswer<CheckoutQuote, CheckoutAnswer>(failure, quoter.data, initialQuote);
  const errors: Record<string, string> = newest.fromBackground
    ? { ...Object.fromEntries(Object.entries(failure?.errors ?? {}).filter(([field]) => !pricingFields.has(field))), ...pricingErrors(quoter.data) }
    : failure?.errors ?? {};
  const quote = newest.quote;
  function requote(event: FormEvent<HTMLFormElement>) {
    const target = event.target as HTMLInputElement;
    // Choices re-price when they change, typed fields when the customer leaves them.
    if (!pricingFields.has(target.name) || (target.type === "text") !== (event.type === "blur")) return;
    const formData = new FormData(event.currentTarget);
    formData.set("intent", "quote");
    formData.delete("checkoutKey");
    quoter.submit(formData, { method: "post" });
  }
  const [fulfillment, setFulfillment] = useState(values.fulfillment ?? "pickup");
  const [tip, setTip] = useState(values.tip ?? "");
  // Without JavaScript every section shows and the chosen one is used; with it, only the chosen one.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  useEffect(() => setFulfillment(values.fulfillment ?? "pickup"), [values.fulfillment]);
  const shows = (kind: string) => !hydrated || fulfillment === kind;
  const zoneShown = useZoneShown(options?.location.timezone ?? "UTC");
  // What Place order will charge is known unless the server re-rendered a refused order without a
  // quote (JavaScript off): the choices on the page may then differ from the last price shown.
  const chargeKnown = hydrated || !failure || Boolean(failure.quote);
  const canShip = cart.lines.every((line) => line.shippable);

  if (!options) {
    return <p className="form-error" role="alert">We are not taking orders right now. Please check back later.</p>;
  }
  const { location } = options;
  const anyWay = options.pickupSlots.length > 0 || (options.delivery?.windows.length ?? 0) > 0 || (canShip && (options.shipping?.days.length ?? 0) > 0);
  return (
    <>
      <h1>Checkout</h1>
      {notices.map((notice) => <p key={notice} className="alert" role="status">{notice}</p>)}
      <UnpaidOrders orders={unpaidOrders} />
      <section className="panel">
        <h2>Your order</h2>
        <ul className="summary">
          {cart.lines.map((line) => (
            <li key={line.lineId}>
              <ProductImage image={line.image} name={line.productName} sizes="3rem" className="thumb" />
              {line.quantity} × {line.productName} ({line.variantName}) <span>{formatMoney(line.lineTotalCents, line.currency)}</span>
              <ModifierList modifiers={line.modifiers} currency={line.currency} />
              {line.note ? <span className="line-note">Note: {line.note}</span> : null}
            </li>
          ))}
        </ul>
        {quote ? <OrderTotals totals={quote} /> : null}
        <p><Link to="/cart">Change your cart</Link></p>
      </section>
      {!anyWay ? (
        <p className="form-error" role="alert">We are not taking orders right now. Please check back later.</p>
      ) : (
        <Form method="post" className="panel" noValidate onSubmit={card.onSubmit} onChange={requote} onBlur={requote}>
          <ErrorSummary errors={Object.fromEntries(Object.entries(errors).filter(([field]) => field !== "checkoutKey"))}
            formError={(newest.fromBackground && quoter.data && "unreachable" in quoter.data ? quoter.data.formError : undefined) ?? failure?.formError ?? errors.checkoutKey}
            fieldIds={fieldIds} failure={failure} />
          {failure?.unpaidOrders?.length ? (
            <ul aria-label="Your unpaid orders">
              {failure.unpaidOrders.map((order) => (
                <li key={order.publicToken}><Link to={`/orders/${order.publicToken}`}>Pay for order #{order.number}</Link></li>
              ))}
            </ul>
          ) : null}
          <input type="hidden" name="checkoutKey" value={values.checkoutKey ?? checkoutKey} />
          <h2>Your details</h2>
          <TextField label="Name" name="name" autoComplete="name" required defaultValue={values.name} error={errors.name} />
          <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={values.email} error={errors.email} hint="We send your confirmation here." />
          <TextField label="Phone" name="phone" type="tel" autoComplete="tel" required defaultValue={values.phone} error={errors.phone} />
          <CheckboxField label="Text me when my order is ready (and when it is out for delivery). Reply STOP to opt out." name="smsConsent"
            defaultChecked={values.smsConsent === "on"} error={errors.smsConsent} />
          <TextAreaField label="Notes for the kitchen (allergies, instructions)" name="customerNote" rows={3} maxLength={500}
            defaultValue={values.customerNote} error={errors.customerNote} hint="Optional, up to 500 characters." />

          <fieldset className={errors.fulfillment ? "field field-invalid" : "field"} aria-describedby={errors.fulfillment ? "fulfillment-error" : undefined}>
            <legend>How would you like your order?</legend>
            <label className="choice">
              <input type="radio" id="fulfillment" name="fulfillment" value="pickup" defaultChecked={fulfillment === "pickup"} onChange={() => setFulfillment("pickup")} /> Pickup at {location.name}
            </label>
            {options.delivery ? (
              <label className="choice">
                <input type="radio" name="fulfillment" value="delivery" defaultChecked={fulfillment === "delivery"} onChange={() => setFulfillment("delivery")} /> Local delivery
              </label>
            ) : null}
            {options.shipping ? (
              canShip ? (
                <label className="choice">
                  <input type="radio" name="fulfillment" value="shipping" defaultChecked={fulfillment === "shipping"} onChange={() => setFulfillment("shipping")} /> Shipping ({formatMoney(options.shipping.flatCents, location.currency)} flat rate)
                </label>
              ) : (
                <p className="hint">Shipping is available for jars and other shippable items only.</p>
              )
            ) : null}
            {errors.fulfillment ? <p id="fulfillment-error" className="field-error" role="alert">{errors.fulfillment}</p> : null}
          </fieldset>

          <section hidden={!shows("pickup")}>
            <h3>Pickup</h3>
            {options.pickupSlots.length > 0 ? (
              <PickupTimeChoice slots={options.pickupSlots} timeZone={location.timezone} asapSlot={asapSlot}
                shownDay={shownPickupDay(options.pickupSlots, location.timezone, values) ?? ""} pickupAt={values.pickupAt ?? ""}
                errors={{ pickupDay: errors.pickupDay, pickupAt: errors.pickupAt }} hint={`At ${location.name}, ${location.address}`}
                hydrated={hydrated} zoneShown={zoneShown} />
            ) : (
              <>
                <p className="hint">No pickup times are left for the coming days.</p>
                {/* A refusal about the pickup time still shows when no time is left to choose. */}
                {errors.pickupAt ? <p className="field-error" role="alert">{errors.pickupAt}</p> : null}
              </>
            )}
          </section>

          {options.delivery ? (
            <section hidden={!shows("delivery")}>
              <h3>Delivery</h3>
              <p className="hint">
                We deliver to{" "}
                {options.delivery.zones
                  .map((zone) => `${zone.name} (${formatMoney(zone.feeCents, location.currency)} fee${zone.minimumCents > 0 ? `, orders from ${formatMoney(zone.minimumCents, location.currency)}` : ""})`)
                  .join("; ")}.
              </p>
              <SlotSelect label="Delivery time" name="deliveryAt" slots={options.delivery.windows} timeZone={location.timezone} windowMinutes={options.delivery.windowMinutes} value={values.deliveryAt ?? ""} error={errors.deliveryAt} />
            </section>
          ) : null}

          {options.shipping && canShip ? (
            <section hidden={!shows("shipping")}>
              <h3>Shipping</h3>
              <SelectField label="Ship on" name="shipOn" defaultValue={values.shipOn ?? ""} error={errors.shipOn}>
                <option value="">Choose a day</option>
                {options.shipping.days.map((day) => (
                  <option key={day} value={day}>{formatDay(day)}</option>
                ))}
              </SelectField>
            </section>
          ) : null}

          {options.delivery || (options.shipping && canShip) ? (
            <section hidden={hydrated && fulfillment === "pickup"}>
              <h3>Address {hydrated ? null : <span className="hint">(for delivery or shipping)</span>}</h3>
              <TextField label="Street address" name="addressLine1" autoComplete="address-line1" defaultValue={values.addressLine1} error={errors.addressLine1} />
              <TextField label="Apartment, suite (optional)" name="addressLine2" autoComplete="address-line2" defaultValue={values.addressLine2} error={errors.addressLine2} />
              <div hidden={hydrated && fulfillment !== "shipping"}>
                <TextField label="City" name="addressCity" autoComplete="address-level2" defaultValue={values.addressCity} error={errors.addressCity} hint={hydrated ? undefined : "Shipping only"} />
                <TextField label="State or region" name="addressRegion" autoComplete="address-level1" defaultValue={values.addressRegion} error={errors.addressRegion} hint={hydrated ? undefined : "Shipping only"} />
              </div>
              <TextField label="ZIP or postal code" name="addressPostalCode" autoComplete="postal-code" defaultValue={values.addressPostalCode} error={errors.addressPostalCode} />
            </section>
          ) : null}

          <h3>Promo code and tip</h3>
          <div className="inline-fields field-row">
            <TextField label="Promo code" name="promoCode" autoCapitalize="characters" defaultValue={values.promoCode ?? quote?.promoCode ?? ""} error={errors.promoCode} />
            <button type="submit" name="intent" value="quote" className="secondary">Apply</button>
          </div>
          {location.tipsEnabled ? (
            <TipChoice percentages={location.tipPercentages} quote={quote} tip={tip} onTipChange={setTip} tipAmount={values.tipAmount}
              errors={{ tip: errors.tip, tipAmount: errors.tipAmount }} hydrated={hydrated} />
          ) : null}
          <p><button type="submit" name="intent" value="quote" className="secondary">Update total</button></p>

          <CardFields card={card} />
          <button type="submit" name="intent" value="place" className="place-order" disabled={submitting}>{submitting ? "Placing order…" : quote && chargeKnown ? `Place order · ${formatMoney(quote.totalCents, quote.currency)}` : "Place order"}</button>
          {card.state !== "ready" ? <p className="hint">You pay on the next page, through Square's secure checkout.</p> : null}
        </Form>
      )}
    </>
  );
}
