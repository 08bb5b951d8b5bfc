// The Apple Pay and Google Pay stand-ins: a wallet the simulated browser does not offer is refused as Square's SDK
// refuses it, a payment request must be in the location's country and currency with display amounts, and a
// wallet's token pays once, as a CARD payment entered CONTACTLESS (Square's word for a wallet's card), with the
// wallet in the ledger.
import { SquareClient, SquareError } from "square";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SquareSimulator, startSquareSimulator } from "../../../dev/square-sim/server";

const REQUEST = { countryCode: "US", currencyCode: "USD", total: { amount: "18.99", label: "Masa & Co." } };

function walletCall(sim: SquareSimulator, step: "session" | "tokenize", wallet: string, paymentRequest: unknown = REQUEST) {
  return fetch(`${sim.url}/v2/sim-web-payments/wallets/${step}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://shop.test" },
    body: JSON.stringify({ application_id: "sandbox-sq0idb-sim", location_id: sim.locationId, wallet, payment_request: paymentRequest }),
  });
}

describe("Square simulator: Apple Pay and Google Pay stand-ins", () => {
  let sim: SquareSimulator;
  let client: SquareClient;

  beforeAll(async () => {
    sim = await startSquareSimulator();
    client = new SquareClient({ token: "sim-token", environment: sim.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it("offers both wallets by default, and refuses one the buyer's browser is configured not to offer", async () => {
    for (const wallet of ["APPLE_PAY", "GOOGLE_PAY"]) {
      const offered = await walletCall(sim, "session", wallet);
      expect(offered.status).toBe(200);
      expect(offered.headers.get("access-control-allow-origin")).toBe("*");
      expect(await offered.json()).toEqual({ status: "OK", wallet });
    }
    sim.configure({ wallets: ["GOOGLE_PAY"] });
    try {
      const refused = await walletCall(sim, "session", "APPLE_PAY");
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({
        status: "Error",
        errors: [{ type: "PaymentMethodUnsupportedError", message: "Apple Pay is not available in this browser." }],
      });
      expect((await walletCall(sim, "tokenize", "APPLE_PAY")).status).toBe(400);
      expect((await walletCall(sim, "session", "GOOGLE_PAY")).status).toBe(200);
    } finally {
      sim.configure({ wallets: ["APPLE_PAY", "GOOGLE_PAY"] });
    }
  });

  it("takes payment requests only in the location's country and currency, with display amounts", async () => {
    const wrong = await walletCall(sim, "session", "GOOGLE_PAY", {
      countryCode: "GB",
      currencyCode: "EUR",
      total: { amount: "1899", label: "" },
      lineItems: [{ amount: "5", label: "Tip" }],
    });
    expect(wrong.status).toBe(400);
    const { errors } = (await wrong.json()) as { errors: { type: string; field: string }[] };
    expect(errors.map((error) => error.field).sort()).toEqual(
      ["countryCode", "currencyCode", "lineItems.0.amount", "total.amount", "total.label"].sort(),
    );
    expect(new Set(errors.map((error) => error.type))).toEqual(new Set(["INVALID_REQUEST"]));
    const free = await walletCall(sim, "session", "APPLE_PAY", { ...REQUEST, total: { amount: "0.00", label: "Masa" } });
    expect(free.status).toBe(400);
  });

  it("tokenizes the wallet's card into a single-use token that pays as a CONTACTLESS card payment", async () => {
    const tokenized = await walletCall(sim, "tokenize", "APPLE_PAY");
    expect(tokenized.status).toBe(200);
    const result = (await tokenized.json()) as { status: string; token: string; details: { method: string; card: { brand: string; last4: string } } };
    expect(result).toMatchObject({ status: "OK", details: { method: "Apple Pay", card: { brand: "VISA", last4: "1111" } } });
    expect(result.token).toMatch(/^cnon:sim_[A-Za-z0-9]{24}$/);

    const { payment } = await client.payments.create({
      sourceId: result.token,
      idempotencyKey: crypto.randomUUID(),
      amountMoney: { amount: 1899n, currency: "USD" },
    });
    expect(payment).toMatchObject({
      status: "COMPLETED",
      sourceType: "CARD",
      cardDetails: {
        status: "CAPTURED",
        entryMethod: "CONTACTLESS",
        cvvStatus: "CVV_NOT_CHECKED",
        avsStatus: "AVS_NOT_CHECKED",
        card: { cardBrand: "VISA", last4: "1111" },
      },
    });
    expect(payment).not.toHaveProperty("walletDetails");
    const [tender] = (await client.orders.get({ orderId: payment!.orderId! })).order!.tenders!;
    expect(tender).toMatchObject({ type: "CARD", cardDetails: { entryMethod: "CONTACTLESS" } });
    expect(sim.ledger().find((entry) => entry.id === payment!.id)).toMatchObject({ wallet: "APPLE_PAY", amount: 1899 });

    const reused = await client.payments
      .create({ sourceId: result.token, idempotencyKey: crypto.randomUUID(), amountMoney: { amount: 1899n, currency: "USD" } })
      .catch((error: unknown) => error);
    expect(reused).toBeInstanceOf(SquareError);
    expect((reused as SquareError).errors[0]).toMatchObject({ code: "CARD_TOKEN_USED" });
  });

  it("records no wallet for a typed card, and Google Pay's card as Google Pay's", async () => {
    const { payment: nonce } = await client.payments.create({
      sourceId: "cnon:card-nonce-ok",
      idempotencyKey: crypto.randomUUID(),
      amountMoney: { amount: 500n, currency: "USD" },
    });
    expect(nonce!.cardDetails!.entryMethod).toBe("KEYED");
    expect(sim.ledger().find((entry) => entry.id === nonce!.id)).toMatchObject({ wallet: null });

    const google = (await (await walletCall(sim, "tokenize", "GOOGLE_PAY")).json()) as { token: string; details: { method: string } };
    expect(google.details.method).toBe("Google Pay");
    const { payment } = await client.payments.create({
      sourceId: google.token,
      idempotencyKey: crypto.randomUUID(),
      amountMoney: { amount: 700n, currency: "USD" },
    });
    expect(sim.ledger().find((entry) => entry.id === payment!.id)).toMatchObject({ wallet: "GOOGLE_PAY", status: "COMPLETED" });
  });
});
