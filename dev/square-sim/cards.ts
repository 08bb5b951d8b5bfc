// The simulator's test cards and Square's sandbox nonces, what each does when charged, and the card-field checks
// shared by the hosted checkout form and the Web Payments tokenizer.

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
}

/**
 * approve: COMPLETED (or APPROVED); decline: FAILED with GENERIC_DECLINE; unknown_outcome: charged, never answered;
 * verify: approved only when the buyer was verified (verification details given to tokenize(), as Square's SCA flow
 * takes them), else FAILED with CARD_DECLINED_VERIFICATION_REQUIRED; cvv_failure (the sandbox nonce
 * `cnon:card-nonce-rejected-cvv` only): FAILED with CVV_FAILURE, answered 400 rather than 402.
 */
export type CardOutcome = "approve" | "decline" | "unknown_outcome" | "verify" | "cvv_failure";

export const TEST_CARDS = {
  approved: "4111 1111 1111 1111",
  declined: "4000 0000 0000 0002",
  outcomeUnknown: "4000 0000 0000 0119",
  /** Square's sandbox 3-D Secure test card number. */
  verificationRequired: "4800 0000 0000 0004",
} as const;

const OUTCOMES: Record<string, CardOutcome> = {
  [digits(TEST_CARDS.approved)]: "approve",
  [digits(TEST_CARDS.declined)]: "decline",
  [digits(TEST_CARDS.outcomeUnknown)]: "unknown_outcome",
  [digits(TEST_CARDS.verificationRequired)]: "verify",
};

/**
 * Card numbers the hosted checkout takes (it has no "outcome unknown": the page always answers). Its
 * own page verifies the buyer (Square runs 3-D Secure there), so the verification card is approved.
 */
export const HOSTED_CHECKOUT_CARDS = [digits(TEST_CARDS.approved), digits(TEST_CARDS.declined), digits(TEST_CARDS.verificationRequired)];
export const WEB_PAYMENTS_CARDS = Object.keys(OUTCOMES);

export function cardOutcome(number: string): CardOutcome {
  const outcome = OUTCOMES[number];
  if (!outcome) throw new Error(`Not a test card: ${number.slice(-4)}`);
  return outcome;
}

/** Square's sandbox test nonces: reusable (unlike real card tokens), each with a fixed card and outcome. */
export function sandboxNonce(sourceId: string, now: Date): { card: CardInput; outcome: CardOutcome } | undefined {
  const nonce = SANDBOX_NONCES[sourceId];
  if (!nonce) return undefined;
  const card = { number: digits(nonce.number), expMonth: 12, expYear: now.getUTCFullYear() + 3 };
  return { card, outcome: nonce.outcome ?? cardOutcome(card.number) };
}

const SANDBOX_NONCES: Record<string, { number: string; outcome?: CardOutcome }> = {
  "cnon:card-nonce-ok": { number: TEST_CARDS.approved },
  "cnon:card-nonce-declined": { number: TEST_CARDS.declined },
  "cnon:card-nonce-rejected-cvv": { number: TEST_CARDS.approved, outcome: "cvv_failure" },
};

export interface CardFields {
  card_number: string;
  expiration: string;
  cvv: string;
  postal_code: string;
}

export type CardFieldErrors = Partial<Record<keyof CardFields, string>>;

function digits(cardNumber: string): string {
  return cardNumber.replace(/[\s-]/g, "");
}

function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function checkCardNumber(raw: string, accepted: readonly string[], notAccepted: string): string | { number: string } {
  const number = digits(raw);
  if (!number) return "Enter your card number.";
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return "Enter a valid card number.";
  if (!accepted.includes(number)) return notAccepted;
  return { number };
}

function checkExpiration(raw: string, now: Date): string | { expMonth: number; expYear: number } {
  if (!raw.trim()) return "Enter the expiration date.";
  const match = /^(\d{2})\s*\/\s*(\d{2})$/.exec(raw.trim());
  const expMonth = match ? Number(match[1]) : 0;
  if (!match || expMonth < 1 || expMonth > 12) return "Enter the expiration date as MM/YY.";
  const expYear = 2000 + Number(match[2]);
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
  if (expYear * 12 + expMonth < current) return "This card has expired.";
  return { expMonth, expYear };
}

export interface CardPolicy {
  /** Card numbers (digits only) this form takes. */
  accepted: readonly string[];
  /** Message for a valid card number that is not one of them. */
  notAccepted: string;
}

/**
 * Expiration must be a current or future MM/YY, CVV 3 digits, postal code a 5-digit ZIP (ZIP+4 is fine);
 * spaces or dashes in the card number are fine.
 */
export function checkCard(
  values: CardFields,
  policy: CardPolicy,
  now: Date
): { errors: CardFieldErrors } | { card: CardInput } {
  const errors: CardFieldErrors = {};
  const number = checkCardNumber(values.card_number, policy.accepted, policy.notAccepted);
  if (typeof number === "string") errors.card_number = number;
  const expiry = checkExpiration(values.expiration, now);
  if (typeof expiry === "string") errors.expiration = expiry;
  if (!values.cvv.trim()) errors.cvv = "Enter the CVV.";
  else if (!/^\d{3}$/.test(values.cvv.trim())) errors.cvv = "Enter the 3-digit CVV.";
  if (!values.postal_code.trim()) errors.postal_code = "Enter the postal code.";
  else if (!/^\d{5}(-\d{4})?$/.test(values.postal_code.trim())) errors.postal_code = "Enter a 5-digit ZIP code.";

  if (typeof number === "string" || typeof expiry === "string" || Object.keys(errors).length > 0) return { errors };
  return { card: { number: number.number, ...expiry } };
}
