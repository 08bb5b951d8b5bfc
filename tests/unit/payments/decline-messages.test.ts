// Every decline code Larder words for customers is one Square's API defines (the SDK's ErrorCode,
// generated from Square's OpenAPI spec), each card decline the Payments API documents has its own
// sentence, and none repeats Square's developer text.
import { Square } from "square";
import { describe, expect, it } from "vitest";
import { GENERIC_DECLINE_MESSAGE, VERIFICATION_FAILED_MESSAGE, declineMessage, declineMessages } from "~/payments/decline-messages";

const squareCodes = new Set<string>(Object.values(Square.ErrorCode));

// The card errors of CreatePayment (Payments API reference, "Errors" of CreatePayment), all in the spec's ErrorCode.
const documentedDeclines = [
  "ADDRESS_VERIFICATION_FAILURE", "CARDHOLDER_INSUFFICIENT_PERMISSIONS", "CARD_EXPIRED", "CARD_NOT_SUPPORTED",
  "CARD_TOKEN_EXPIRED", "CARD_TOKEN_USED", "CVV_FAILURE", "EXPIRATION_FAILURE", "GENERIC_DECLINE", "INSUFFICIENT_FUNDS",
  "INVALID_ACCOUNT", "INVALID_CARD", "INVALID_CARD_DATA", "INVALID_EXPIRATION", "INVALID_PIN", "INVALID_POSTAL_CODE",
  "MANUALLY_ENTERED_PAYMENT_NOT_SUPPORTED", "PAN_FAILURE", "PAYMENT_LIMIT_EXCEEDED", "TRANSACTION_LIMIT", "VOICE_FAILURE",
  "ALLOWABLE_PIN_TRIES_EXCEEDED", "BAD_EXPIRATION", "CARD_DECLINED", "CARD_DECLINED_CALL_ISSUER",
  "CARD_DECLINED_VERIFICATION_REQUIRED", "CHIP_INSERTION_REQUIRED", "GIFT_CARD_AVAILABLE_AMOUNT", "VERIFY_AVS_FAILURE",
  "VERIFY_CVV_FAILURE", "UNSUPPORTED_CARD_BRAND", "ACCOUNT_UNUSABLE", "AMOUNT_TOO_HIGH", "BUYER_REFUSED_PAYMENT",
];

describe("decline messages", () => {
  it("words only codes Square defines", () => {
    expect(Object.keys(declineMessages).filter((code) => !squareCodes.has(code))).toEqual([]);
  });

  it("has a sentence for every documented card decline", () => {
    expect(documentedDeclines.filter((code) => !squareCodes.has(code))).toEqual([]);
    expect(documentedDeclines.filter((code) => !(code in declineMessages))).toEqual([]);
  });

  it("never repeats Square's text and falls back to a plain decline", () => {
    for (const message of Object.values(declineMessages)) {
      expect(message).not.toMatch(/Authorization error|Square|_/);
      expect(message).toMatch(/^[A-Z].*\.$/);
    }
    expect(declineMessage("SOMETHING_NEW")).toBe(GENERIC_DECLINE_MESSAGE);
    expect(declineMessage(undefined)).toBe(GENERIC_DECLINE_MESSAGE);
    expect(declineMessage("CARD_DECLINED_VERIFICATION_REQUIRED")).toBe(VERIFICATION_FAILED_MESSAGE);
  });
});
