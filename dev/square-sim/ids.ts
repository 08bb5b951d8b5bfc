// Random identifiers shaped like Square's (length and alphabet), so logs and URLs look familiar.
import { randomInt, randomUUID } from "node:crypto";

const MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function randomString(length: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const newOrderId = () => randomString(29, MIXED);
export const newPaymentId = () => randomString(28, MIXED);
export const newPaymentLinkId = () => randomString(16, UPPER);
export const newLineItemUid = () => randomString(22, MIXED);
export const newVersionToken = () => randomString(45, MIXED);
export const newEventId = () => randomUUID();
export const newRefundSuffix = () => randomString(45, MIXED);
export const newCardToken = () => `cnon:sim_${randomString(24, MIXED)}`;
