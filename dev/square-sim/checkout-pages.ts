// HTML for the hosted checkout: plain server-rendered pages, no JavaScript, every input with a visible label.
import { type CardFieldErrors, type CardFields, TEST_CARDS } from "./cards";
import { formatUsd } from "./money";
import type { Order, Payment } from "./types";

export type CardFormValues = CardFields;
export type CardFormErrors = CardFieldErrors;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  table { width: 100%; border-collapse: collapse; margin-bottom: 1.5rem; }
  th, td { text-align: left; padding: .4rem 0; border-bottom: 1px solid #ddd; }
  td.amount, th.amount { text-align: right; }
  .field { margin-bottom: 1rem; }
  label { display: block; font-weight: 600; margin-bottom: .25rem; }
  input { font-size: 1rem; padding: .5rem; width: 100%; box-sizing: border-box; border: 1px solid #767676; border-radius: 4px; }
  input[aria-invalid="true"] { border: 2px solid #b00020; }
  .hint { color: #555; font-size: .9rem; margin: 0 0 .25rem; }
  .error { color: #b00020; font-weight: 600; margin: .25rem 0 0; }
  .alert { border: 2px solid #b00020; background: #fdecee; padding: .75rem; border-radius: 4px; }
  button { font-size: 1.1rem; padding: .75rem 1.5rem; background: #006aff; color: #fff; border: 0; border-radius: 6px; cursor: pointer; }
  .note { color: #555; font-size: .9rem; border-top: 1px solid #ddd; margin-top: 2rem; padding-top: .5rem; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function orderSummary(order: Order): string {
  const rows = order.line_items
    .map((line) => {
      const name = line.variation_name ? `${line.name} (${line.variation_name})` : line.name;
      return `<tr><td>${escapeHtml(name)} × ${escapeHtml(line.quantity)}</td><td class="amount">${formatUsd(
        line.total_money.amount,
      )}</td></tr>`;
    })
    .join("\n");
  return `<table>
<caption class="hint">Order summary</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="amount">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row">Total</th><td class="amount"><strong>${formatUsd(
    order.total_money.amount,
  )}</strong></td></tr></tfoot>
</table>`;
}

function returnLink(merchantName: string, href: string | undefined): string {
  return href ? `<p><a href="${escapeHtml(href)}">Return to ${escapeHtml(merchantName)}</a></p>` : "";
}

interface FieldSpec {
  name: keyof CardFormValues;
  label: string;
  hint?: string;
  autocomplete: string;
  inputmode: "numeric" | "text";
  placeholder?: string;
}

const FIELDS: FieldSpec[] = [
  { name: "card_number", label: "Card number", autocomplete: "cc-number", inputmode: "numeric" },
  {
    name: "expiration",
    label: "Expiration date",
    hint: "MM/YY",
    autocomplete: "cc-exp",
    inputmode: "numeric",
    placeholder: "MM/YY",
  },
  { name: "cvv", label: "CVV", hint: "3 digits on the back of the card", autocomplete: "cc-csc", inputmode: "numeric" },
  { name: "postal_code", label: "Postal code", autocomplete: "postal-code", inputmode: "text" },
];

function field(spec: FieldSpec, value: string, error: string | undefined): string {
  const id = spec.name.replace("_", "-");
  const described = [spec.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const attributes = [
    `id="${id}"`,
    `name="${spec.name}"`,
    `type="text"`,
    `inputmode="${spec.inputmode}"`,
    `autocomplete="${spec.autocomplete}"`,
    spec.placeholder ? `placeholder="${spec.placeholder}"` : "",
    `value="${escapeHtml(value)}"`,
    error ? `aria-invalid="true"` : "",
    described ? `aria-describedby="${described}"` : "",
  ];
  return [
    `<div class="field">`,
    `<label for="${id}">${spec.label}</label>`,
    spec.hint ? `<p class="hint" id="${id}-hint">${spec.hint}</p>` : "",
    `<input ${attributes.filter(Boolean).join(" ")}>`,
    error ? `<p class="error" id="${id}-error">${escapeHtml(error)}</p>` : "",
    `</div>`,
  ]
    .filter(Boolean)
    .join("\n");
}

export interface CheckoutPageView {
  merchantName: string;
  linkId: string;
  order: Order;
  /** Echoed back after a failed attempt; the card number and CVV never are. */
  values?: Partial<CardFormValues>;
  errors?: CardFormErrors;
  declined?: { returnUrl?: string };
}

export function checkoutPage(view: CheckoutPageView): string {
  const errors = view.errors ?? {};
  const alert = view.declined
    ? `<div class="alert" role="alert"><p><strong>Your card was declined. Try another card.</strong></p>${returnLink(
        view.merchantName,
        view.declined.returnUrl,
      )}</div>`
    : Object.keys(errors).length > 0
    ? `<div class="alert" role="alert"><p>Check the highlighted fields and try again.</p></div>`
    : "";
  const total = formatUsd(view.order.total_money.amount);
  return layout(
    `Pay ${view.merchantName}`,
    `<h1>${escapeHtml(view.merchantName)}</h1>
${orderSummary(view.order)}
${alert}
<form method="post" action="/checkout/${escapeHtml(view.linkId)}" novalidate>
<h2>Pay with card</h2>
${FIELDS.map((spec) => field(spec, view.values?.[spec.name] ?? "", errors[spec.name])).join("\n")}
<button type="submit">Pay ${total}</button>
</form>
<aside class="note" aria-label="Test cards">
<p><strong>Test cards</strong> (Square simulator):</p>
<ul>
<li>${TEST_CARDS.approved}: approved</li>
<li>${TEST_CARDS.declined}: declined</li>
<li>${TEST_CARDS.verificationRequired}: asks the bank to verify the buyer (3-D Secure), then approved</li>
</ul>
<p>Use any future expiration date, any 3-digit CVV and any 5-digit postal code.</p>
</aside>`,
  );
}

export function alreadyPaidPage(merchantName: string, order: Order, returnUrl: string | undefined): string {
  return layout(
    `Paid: ${merchantName}`,
    `<h1>${escapeHtml(merchantName)}</h1>
<p role="status"><strong>This order has already been paid.</strong></p>
${orderSummary(order)}
${returnLink(merchantName, returnUrl)}`,
  );
}

export function paymentSuccessfulPage(merchantName: string, order: Order, payment: Payment): string {
  return layout(
    `Payment successful: ${merchantName}`,
    `<h1>Payment successful</h1>
<p role="status">${escapeHtml(merchantName)} received your payment of ${formatUsd(payment.amount_money.amount)}.</p>
${orderSummary(order)}
${payment.receipt_url ? `<p><a href="${escapeHtml(payment.receipt_url)}">View receipt</a></p>` : ""}`,
  );
}

export function receiptPage(merchantName: string, receiptNumber: string, payment: Payment, order: Order): string {
  const card = payment.card_details.card;
  return layout(
    `Receipt #${receiptNumber}`,
    `<h1>${escapeHtml(merchantName)}</h1>
<p>Receipt #${escapeHtml(receiptNumber)}, ${escapeHtml(payment.created_at)}</p>
${orderSummary(order)}
<p>${escapeHtml(card.card_brand)} ending in ${escapeHtml(card.last_4)}: ${formatUsd(
      payment.amount_money.amount,
    )} (${escapeHtml(payment.status)})</p>`,
  );
}

export function notFoundPage(what: string): string {
  return layout("Not found", `<h1>Not found</h1><p>${escapeHtml(what)}</p>`);
}
