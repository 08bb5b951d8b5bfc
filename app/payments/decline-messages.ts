// What the customer reads when Square refuses a card: one sentence per decline code Square documents
// (its ErrorCode enum, category PAYMENT_METHOD_ERROR, and the CreatePayment errors of the Payments API),
// in the shop's words. Square's own `detail` is written for developers and is never shown.

/** A decline Square reports with a code this table does not know. */
export const GENERIC_DECLINE_MESSAGE = "Your card was declined.";

/** The bank asked to verify the buyer (SCA / 3-D Secure) and it did not happen or did not pass. */
export const VERIFICATION_FAILED_MESSAGE = "Your bank could not verify this card.";

const CHECK_DETAILS = "Check the card details and try again, or use another card.";

export const declineMessages: Readonly<Record<string, string>> = {
  GENERIC_DECLINE: GENERIC_DECLINE_MESSAGE,
  CARD_DECLINED: GENERIC_DECLINE_MESSAGE,
  READER_DECLINED: GENERIC_DECLINE_MESSAGE,
  BUYER_REFUSED_PAYMENT: GENERIC_DECLINE_MESSAGE,
  RESERVATION_DECLINED: GENERIC_DECLINE_MESSAGE,
  CARD_DECLINED_CALL_ISSUER: "Your card was declined: please call your bank, or use another card.",
  CARD_DECLINED_VERIFICATION_REQUIRED: VERIFICATION_FAILED_MESSAGE,
  INSUFFICIENT_FUNDS: "Your card was declined for insufficient funds.",
  GIFT_CARD_AVAILABLE_AMOUNT: "The gift card does not have enough money on it for this order.",
  CVV_FAILURE: "The card's security code (CVV) was not accepted.",
  VERIFY_CVV_FAILURE: "The card's security code (CVV) was not accepted.",
  ADDRESS_VERIFICATION_FAILURE: "The postal code did not match the card.",
  VERIFY_AVS_FAILURE: "The postal code did not match the card.",
  INVALID_POSTAL_CODE: "The postal code is not valid for this card.",
  INVALID_EXPIRATION: "The card's expiration date is not valid.",
  INVALID_EXPIRATION_DATE: "The card's expiration date is not valid.",
  INVALID_EXPIRATION_YEAR: "The card's expiration year is not valid.",
  BAD_EXPIRATION: "The card's expiration date is not valid.",
  EXPIRATION_FAILURE: "The card's expiration date was not accepted.",
  CARD_EXPIRED: "The card has expired.",
  INVALID_CARD: "The card number is not valid.",
  INVALID_CARD_DATA: `The card details are not valid. ${CHECK_DETAILS}`,
  INVALID_ENCRYPTED_CARD: `The card details could not be read. ${CHECK_DETAILS}`,
  PAN_FAILURE: "The card number was not accepted.",
  INVALID_ACCOUNT: "The card's account cannot be charged.",
  ACCOUNT_UNUSABLE: "The card's account cannot be used.",
  CARD_NOT_SUPPORTED: "This card type is not accepted.",
  UNSUPPORTED_CARD_BRAND: "This card brand is not accepted.",
  UNSUPPORTED_INSTRUMENT_TYPE: "This kind of card is not accepted.",
  UNSUPPORTED_ENTRY_METHOD: "This card cannot be used here.",
  MANUALLY_ENTERED_PAYMENT_NOT_SUPPORTED: "This card cannot be used for an online payment.",
  CARD_PRESENCE_REQUIRED: "This card cannot be used for an online payment.",
  CHIP_INSERTION_REQUIRED: "This card cannot be used for an online payment.",
  CARDHOLDER_INSUFFICIENT_PERMISSIONS: "The card's bank does not allow this payment.",
  TRANSACTION_LIMIT: "The card's transaction limit was reached.",
  PAYMENT_LIMIT_EXCEEDED: "The payment is over a limit for this card.",
  AMOUNT_TOO_HIGH: "The payment is over a limit for this card.",
  VOICE_FAILURE: "Your card was declined: please call your bank, or use another card.",
  INVALID_PIN: "The card's PIN was not accepted.",
  MISSING_PIN: "The card's PIN was not accepted.",
  ALLOWABLE_PIN_TRIES_EXCEEDED: "The card's PIN was entered wrongly too many times.",
  MISSING_ACCOUNT_TYPE: "The card's account type is missing.",
  CARD_MISMATCH: "The card does not match the one entered before. Please enter your card again.",
  CARD_TOKEN_EXPIRED: "This card entry has expired. Please enter your card again.",
  CARD_TOKEN_USED: "This card entry was already used. Please enter your card again.",
  SOURCE_EXPIRED: "This card entry has expired. Please enter your card again.",
  SOURCE_USED: "This card entry was already used. Please enter your card again.",
};

export function declineMessage(code: string | undefined | null): string {
  return (code && declineMessages[code]) || GENERIC_DECLINE_MESSAGE;
}
