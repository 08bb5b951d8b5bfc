import { WebhooksHelper } from "square";
import { describe, expect, it } from "vitest";
import { isValidSquareSignature, squareSignature } from "~/payments/webhook-signature.server";

const notificationUrl = "https://shop.example/webhooks/square";
const signatureKey = "test-signature-key";
const rawBody = JSON.stringify({ event_id: "e1", type: "payment.updated", data: { id: "p1" } });

describe("Square webhook signatures", () => {
  it("computes the same signature Square's SDK accepts", async () => {
    const signature = squareSignature(notificationUrl, rawBody, signatureKey);
    await expect(
      WebhooksHelper.verifySignature({ requestBody: rawBody, signatureHeader: signature, signatureKey, notificationUrl }),
    ).resolves.toBe(true);
    expect(isValidSquareSignature({ notificationUrl, rawBody, signatureKey, signature })).toBe(true);
  });

  it("refuses a tampered body, another URL, another key, and a missing or malformed header", () => {
    const signature = squareSignature(notificationUrl, rawBody, signatureKey);
    expect(isValidSquareSignature({ notificationUrl, rawBody: rawBody.replace("p1", "p2"), signatureKey, signature })).toBe(false);
    expect(isValidSquareSignature({ notificationUrl: `${notificationUrl}/`, rawBody, signatureKey, signature })).toBe(false);
    expect(isValidSquareSignature({ notificationUrl, rawBody, signatureKey: "other-key", signature })).toBe(false);
    expect(isValidSquareSignature({ notificationUrl, rawBody, signatureKey, signature: null })).toBe(false);
    expect(isValidSquareSignature({ notificationUrl, rawBody, signatureKey, signature: "short" })).toBe(false);
    expect(isValidSquareSignature({ notificationUrl, rawBody, signatureKey, signature: signature.slice(0, -2) + "AA" })).toBe(false);
  });
});
