// The cart's way to checkout: a form POST to /checkout/start, which counts the checkout started
// (the funnel's second step) and redirects to /checkout, so the checkout page's GET changes nothing.
import { Form } from "@remix-run/react";

export function GoToCheckout() {
  return (
    <Form method="post" action="/checkout/start" className="inline-form">
      <button type="submit" className="button">Go to checkout</button>
    </Form>
  );
}
