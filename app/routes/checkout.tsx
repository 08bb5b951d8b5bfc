import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getCart } from "~/cart.server";
import { getPickupLocation, placeOrder } from "~/checkout.server";
import { CardFields, useCardPayment } from "~/components/CardPayment";
import { FormError, SelectField, TextField } from "~/components/Field";
import { isShopError } from "~/db.server";
import { env } from "~/env.server";
import { logger } from "~/logger.server";
import { parseForm, shopErrorToForm, type FormFailure } from "~/forms";
import { formatMoney } from "~/money";
import { checkoutUrlForOrder, payOrderWithCard } from "~/payments.server";
import { isSquareAvailable, webPaymentsConfig } from "~/square.server";
import { commitSession, getSession } from "~/session.server";
import { formatPickupTime } from "~/time";

export const meta: MetaFunction = () => [{ title: "Checkout" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  const cart = await getCart(session);
  if (cart.lines.length === 0) return redirect("/cart");
  const location = await getPickupLocation();
  // A fresh key per rendered form: resubmitting this form (double click, back, replay) names the
  // same checkout, so it can only ever make one order.
  return { cart, location, checkoutKey: randomUUID(), webPayments: webPaymentsConfig() };
}

const checkoutSchema = z.object({
  checkoutKey: z.string().uuid("This checkout form has expired. Please submit it again."),
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
  email: z.string().trim().email("Enter an email address like name@example.com.").max(254),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{7,20}$/, "Enter a phone number we can call about your order, like (555) 123-4567."),
  sourceId: z.string().min(1).max(500).optional(),
  pickupAt: z
    .string({ required_error: "Choose a pickup time." })
    .min(1, "Choose a pickup time.").refine((value) => !Number.isNaN(Date.parse(value)), "Choose a pickup time."),
});

const fields = ["name", "email", "phone", "pickupAt"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getSession(request);
  const cartId = session.get("cartId");
  const form = parseForm(await request.formData(), checkoutSchema);
  if (!form.ok) return data<FormFailure>(form, { status: 422 });
  // The card form could not be read: the details were only sent to be checked.
  if (form.values.validateOnly === "1") return data<FormFailure>({ errors: {}, values: form.values }, { status: 422 });
  const payingByCard = Boolean(form.data.sourceId);
  if (payingByCard ? !isSquareAvailable("payments") || !isSquareAvailable("orders") : !isSquareAvailable("payment_links")) {
    // Checked before the order is made, so an outage leaves the cart as it was and nothing held.
    return data<FormFailure>(
      { errors: {}, formError: "Payments are temporarily unavailable. Your cart is saved: please try again in a few minutes.", values: form.values },
      { status: 503 },
    );
  }
  const location = await getPickupLocation();
  if (!cartId || !location) {
    return data<FormFailure>({ errors: {}, formError: "Your cart is empty.", values: form.values }, { status: 422 });
  }

  const { sourceId, ...details } = form.data;
  let placed;
  try {
    placed = await placeOrder({ cartId, locationId: location.id, ...details });
  } catch (error) {
    const shopError = isShopError(error);
    if (!shopError) throw error;
    return data<FormFailure>(shopErrorToForm(shopError, form.values, fields), { status: shopError.status });
  }

  const orderPage = `/orders/${placed.publicToken}`;
  if (sourceId) {
    try {
      const outcome = await payOrderWithCard(placed.orderId, sourceId);
      if (outcome.kind === "declined" || outcome.kind === "unavailable") session.flash("paymentError", outcome.message);
    } catch (error) {
      const shopError = isShopError(error);
      if (!shopError) throw error;
      session.flash("paymentError", shopError.message);
    }
    return redirect(orderPage, { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
  }
  try {
    const checkoutUrl = await checkoutUrlForOrder(placed.orderId, env.PUBLIC_URL ?? new URL(request.url).origin);
    return redirect(checkoutUrl, 303);
  } catch (error) {
    const shopError = isShopError(error);
    // Already paid (a replayed form): the order page says so.
    if (shopError) return redirect(orderPage, 303);
    // The order is safe; the customer can start payment again from its page.
    logger.error({ err: error, requestId: context.requestId, orderId: placed.orderId }, "could not start payment");
    session.flash("notice", "We saved your order but couldn't reach our payment provider. Please try paying again.");
    return redirect(orderPage, { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
  }
}

export default function CheckoutPage() {
  const { cart, location, checkoutKey, webPayments } = useLoaderData<typeof loader>();
  const card = useCardPayment(webPayments, { validateFormOnCardError: true });
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = card.tokenizing || (navigation.state !== "idle" && navigation.formMethod === "POST");
  const values = failure?.values ?? {};
  return (
    <>
      <h1>Checkout</h1>
      <section className="panel">
        <h2>Your order</h2>
        <ul className="summary">
          {cart.lines.map((line) => (
            <li key={line.variantId}>
              {line.quantity} × {line.productName} ({line.variantName}) <span>{formatMoney(line.lineTotalCents, line.currency)}</span>
            </li>
          ))}
        </ul>
        <p className="total">Total <strong>{formatMoney(cart.subtotalCents, cart.currency)}</strong></p>
        <p><Link to="/cart">Change your cart</Link></p>
      </section>
      {!location || location.slots.length === 0 ? (
        <p className="form-error" role="alert">We are not taking pickup orders right now. Please check back later.</p>
      ) : (
        <Form method="post" className="panel" noValidate onSubmit={card.onSubmit}>
          <h2>Pickup details</h2>
          <FormError message={failure?.formError ?? failure?.errors.checkoutKey} />
          <input type="hidden" name="checkoutKey" value={values.checkoutKey ?? checkoutKey} />
          <TextField label="Name" name="name" autoComplete="name" required defaultValue={values.name} error={failure?.errors.name} />
          <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={values.email} error={failure?.errors.email} hint="We send your confirmation here." />
          <TextField label="Phone" name="phone" type="tel" autoComplete="tel" required defaultValue={values.phone} error={failure?.errors.phone} />
          <SelectField label="Pickup time" name="pickupAt" required defaultValue={values.pickupAt ?? ""} error={failure?.errors.pickupAt} hint={`At ${location.name}, ${location.address}`}>
            <option value="">Choose a time</option>
            {location.slots.map((slot) => (
              <option key={slot} value={slot}>{formatPickupTime(slot, location.timezone)}</option>
            ))}
          </SelectField>
          <CardFields card={card} />
          <button type="submit" disabled={submitting}>{submitting ? "Placing order…" : "Place order"}</button>
          {card.state !== "ready" ? <p className="hint">You pay on the next page, through Square's secure checkout.</p> : null}
        </Form>
      )}
    </>
  );
}
