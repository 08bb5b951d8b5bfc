// The Web Payments SDK stand-in: the script is served, the tokenizer answers over CORS, and in Chromium a page
// from another origin attaches the card form, tokenizes, and the token pays through the SDK exactly once.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, chromium } from "@playwright/test";
import { SquareClient, SquareError } from "square";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SquareSimulator, startSquareSimulator } from "../../../dev/square-sim/server";
import { chromiumPath } from "../../e2e/support/chromium";

/** Debian's Chromium when installed; without it the browser test is skipped (the HTTP tests still run). */
const browserPath = (() => {
  try {
    return chromiumPath();
  } catch {
    return undefined;
  }
})();

function tokenizeRequest(sim: SquareSimulator, fields: Record<string, unknown>, origin?: string) {
  return fetch(`${sim.url}/v2/sim-web-payments/tokenize`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
    body: JSON.stringify({ application_id: "sandbox-sq0idb-sim", location_id: sim.locationId, ...fields }),
  });
}

describe("Square simulator: Web Payments SDK stand-in", () => {
  let sim: SquareSimulator;
  let client: SquareClient;

  beforeAll(async () => {
    sim = await startSquareSimulator();
    client = new SquareClient({ token: "sim-token", environment: sim.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it("serves the browser script as JavaScript", async () => {
    const response = await fetch(`${sim.url}/web-payments-sdk.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/javascript; charset=utf-8");
    const script = await response.text();
    expect(script).toContain("window.Square = {");
    expect(script).toContain(JSON.stringify(sim.url));
  });

  it("tokenizes a test card over CORS, without a bearer token, into a single-use token", async () => {
    const preflight = await fetch(`${sim.url}/v2/sim-web-payments/tokenize`, {
      method: "OPTIONS",
      headers: { origin: "http://shop.test", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("content-type");

    const ok = await tokenizeRequest(
      sim,
      { card_number: "4111 1111 1111 1111", expiration_date: "12/40", cvv: "123", postal_code: "94103" },
      "http://shop.test"
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    const result = (await ok.json()) as { status: string; token: string; details: unknown };
    expect(result).toEqual({
      status: "OK",
      token: expect.stringMatching(/^cnon:sim_[A-Za-z0-9]{24}$/),
      details: {
        method: "Card",
        card: { brand: "VISA", last4: "1111", expMonth: 12, expYear: 2040 },
        billing: { postalCode: "94103" },
      },
    });

    const invalid = await tokenizeRequest(sim, {
      card_number: "4242 4242 4242 4242",
      expiration_date: "01/20",
      cvv: "1",
      postal_code: "",
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      status: "Invalid",
      errors: [
        {
          type: "VALIDATION_ERROR",
          field: "cardNumber",
          message: "This card is not accepted here. Use one of the simulator's test cards.",
        },
        { type: "VALIDATION_ERROR", field: "expirationDate", message: "This card has expired." },
        { type: "VALIDATION_ERROR", field: "cvv", message: "Enter the 3-digit CVV." },
        { type: "VALIDATION_ERROR", field: "postalCode", message: "Enter the postal code." },
      ],
    });

    const pay = (sourceId: string) =>
      client.payments.create({
        sourceId,
        idempotencyKey: crypto.randomUUID(),
        amountMoney: { amount: 100n, currency: "USD" },
      });
    expect((await pay(result.token)).payment?.status).toBe("COMPLETED");
    const reused = await pay(result.token).catch((error: unknown) => error);
    expect((reused as SquareError).errors[0]?.code).toBe("CARD_TOKEN_USED");
  });

  const verificationDetails = {
    amount: "12.34",
    currencyCode: "USD",
    intent: "CHARGE",
    billingContact: { givenName: "Ada", familyName: "Lovelace", email: "ada@example.com", postalCode: "94103" },
    customerInitiated: true,
    sellerKeyedIn: false,
  };
  const card = { card_number: "4800 0000 0000 0004", expiration_date: "12/40", cvv: "123", postal_code: "94103" };
  const charge = (sourceId: string) =>
    client.payments
      .create({ sourceId, idempotencyKey: crypto.randomUUID(), amountMoney: { amount: 1234n, currency: "USD" } })
      .then((answer) => answer.payment?.status, (error: unknown) => error as SquareError);

  it("declines the verification card without verification details (CARD_DECLINED_VERIFICATION_REQUIRED, 402)", async () => {
    const { token } = (await (await tokenizeRequest(sim, card)).json()) as { token: string };
    const declined = await charge(token);
    expect(declined).toBeInstanceOf(SquareError);
    expect((declined as SquareError).statusCode).toBe(402);
    expect((declined as SquareError).errors[0]).toMatchObject({ category: "PAYMENT_METHOD_ERROR", code: "CARD_DECLINED_VERIFICATION_REQUIRED" });
    expect(((declined as SquareError).body as { payment: { status: string } }).payment.status).toBe("FAILED");
  });

  it("approves the verification card tokenized with ChargeCardVerificationDetails, and refuses malformed details", async () => {
    const verified = (await (await tokenizeRequest(sim, { ...card, verification_details: verificationDetails })).json()) as { token: string };
    expect(await charge(verified.token)).toBe("COMPLETED");

    const malformed = await tokenizeRequest(sim, { ...card, verification_details: { ...verificationDetails, intent: "STORE" } });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ status: "Error", errors: [{ type: "INVALID_REQUEST" }] });
  });

  it("answers the rejected-CVV sandbox nonce 400 with category PAYMENT_METHOD_ERROR and the FAILED payment", async () => {
    const rejected = (await charge("cnon:card-nonce-rejected-cvv")) as SquareError;
    expect(rejected.statusCode).toBe(400);
    expect(rejected.errors[0]).toMatchObject({ category: "PAYMENT_METHOD_ERROR", code: "CVV_FAILURE" });
    const payment = (rejected.body as { payment: { status: string; card_details: { cvv_status: string } } }).payment;
    expect(payment.status).toBe("FAILED");
    expect(payment.card_details.cvv_status).toBe("CVV_REJECTED");
  });

  describe.skipIf(!browserPath)("in Chromium", () => {
    let browser: Browser;
    let shop: Server;
    let shopUrl: string;

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--disable-gpu"] });
      // The shop's checkout page, on another origin than the simulator, as in production.
      shop = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(`<!doctype html><html lang="en"><body>
<form id="pay"><div id="card-container"></div><button type="submit">Pay</button></form>
<output id="result"></output>
<script src="${sim.url}/web-payments-sdk.js"></script>
<script>
  (async () => {
    const payments = window.Square.payments("sandbox-sq0idb-sim", ${JSON.stringify(sim.locationId)});
    const card = await payments.card();
    await card.attach("#card-container");
    document.getElementById("pay").addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = await card.tokenize();
      document.getElementById("result").textContent = JSON.stringify(result);
    });
  })();
</script></body></html>`);
      });
      await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
      shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/checkout`;
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => shop?.close(resolve));
    });

    it("renders labelled card fields, shows field errors, and returns a token that pays", async () => {
      const page = await browser.newPage();
      await page.goto(shopUrl);
      const result = page.locator("#result");

      await page.getByLabel("Card number").fill("4111 1111 1111 1112");
      await page.getByLabel("Expiration date").fill("12/40");
      await page.getByLabel("CVV").fill("123");
      await page.getByLabel("Postal code").fill("94103");
      await page.getByRole("button", { name: "Pay" }).click();
      await expect.poll(() => result.textContent()).toContain('"status":"Invalid"');
      await expect.poll(() => page.getByLabel("Card number").getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByRole("alert").filter({ hasText: "Enter a valid card number." }).count()).toBe(1);

      await page.getByLabel("Card number").fill("4111 1111 1111 1111");
      await page.getByRole("button", { name: "Pay" }).click();
      await expect.poll(() => result.textContent()).toContain('"status":"OK"');
      expect(await page.getByLabel("Card number").getAttribute("aria-invalid")).toBeNull();
      const { token } = JSON.parse((await result.textContent()) ?? "{}") as { token: string };
      await page.close();

      const { payment } = await client.payments.create({
        sourceId: token,
        idempotencyKey: crypto.randomUUID(),
        amountMoney: { amount: 2500n, currency: "USD" },
      });
      expect(payment).toMatchObject({ status: "COMPLETED", cardDetails: { card: { last4: "1111", expYear: 2040n } } });
    });
  });
});
