// Square's webhook signature: base64 HMAC-SHA256 of notification URL + raw body, compared in
// constant time (the SDK's helper compares with ===).
import { createHmac, timingSafeEqual } from "node:crypto";

export function squareSignature(notificationUrl: string, rawBody: string, signatureKey: string): string {
  return createHmac("sha256", signatureKey).update(notificationUrl + rawBody).digest("base64");
}

export function isValidSquareSignature(input: {
  notificationUrl: string;
  rawBody: string;
  signatureKey: string;
  signature: string | null;
}): boolean {
  if (!input.signature) return false;
  const expected = Buffer.from(squareSignature(input.notificationUrl, input.rawBody, input.signatureKey));
  const actual = Buffer.from(input.signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
