// Personal data taken out of text before an error report leaves (server and browser alike): emails
// (also URL-encoded) and phone numbers, and the unguessable token of an order's status page.

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi;
const ENCODED_EMAIL = /[^\s&=?/]+%40[^\s&=?/]+/gi;
// Eight or more digits, maybe spaced or dashed, standing alone (not inside an id like a UUID).
const PHONE = /(?<![\w-])\+?\d[\d\s().-]{6,}\d(?![\w-])/g;
// /orders/<token>: whoever holds the link sees the customer's order.
const ORDER_TOKEN = /\/orders\/[A-Za-z0-9_-]{8,}/g;

/** A string with emails and phone numbers replaced. */
export function scrubText(text: string): string {
  return text.replace(EMAIL, "[email]").replace(ENCODED_EMAIL, "[email]").replace(PHONE, "[phone]");
}

/**
 * A page address without its query string or fragment, an order page's token or an email (phone
 * numbers are not looked for: a host like 127.0.0.1 would look like one).
 */
export function scrubUrl(url: string): string {
  return url.split(/[?#]/)[0].replace(ORDER_TOKEN, "/orders/[token]").replace(EMAIL, "[email]").replace(ENCODED_EMAIL, "[email]");
}

/** Every string in a JSON-like value, scrubbed (order tokens too); tags are the caller's to keep. */
export function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value.replace(ORDER_TOKEN, "/orders/[token]"));
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubDeep(item, depth + 1)]));
}
