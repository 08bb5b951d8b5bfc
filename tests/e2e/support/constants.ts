// Fixed credentials of the browser tests' shop.
export const E2E_ADMIN = { email: "owner@masa.example", password: "correct-horse-battery" };
export const E2E_SIGNATURE_KEY = "e2e-webhook-signature-key";
export const SUCCESS_CARD = "4111 1111 1111 1111";
export const DECLINE_CARD = "4000 0000 0000 0002";
