// The Square simulator driven the way the app drives Square: through the official SDK, plus plain HTTP
// for the hosted checkout form, with a real webhook receiver on loopback.
import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SquareClient, SquareError, WebhooksHelper } from "square";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SquareSimulator, startSquareSimulator } from "../../../dev/square-sim/server";

const SIGNATURE_KEY = "test-signature-key";
const SHOP_RETURN = "http://shop.test/orders/tok_123?from=square";

interface ReceivedWebhook {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A loopback webhook endpoint that records what arrives and can be told to fail the next N deliveries. */
async function startReceiver() {
  const received: ReceivedWebhook[] = [];
  let failuresLeft = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res.writeHead(500).end();
      } else {
        res.writeHead(200).end("ok");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/square`,
    received,
    failNext(count: number) {
      failuresLeft = count;
    },
    clear() {
      received.length = 0;
      failuresLeft = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function futureExpiry(): string {
  return `12/${String((new Date().getUTCFullYear() + 2) % 100).padStart(2, "0")}`;
}

function cardForm(cardNumber: string, overrides: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    card_number: cardNumber,
    expiration: futureExpiry(),
    cvv: "123",
    postal_code: "94103",
    ...overrides,
  });
}

describe("Square simulator", () => {
  let sim: SquareSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let client: SquareClient;

  beforeAll(async () => {
    receiver = await startReceiver();
    sim = await startSquareSimulator({
      webhookUrl: receiver.url,
      webhookSignatureKey: SIGNATURE_KEY,
      webhookRetryDelaysMs: [10, 20],
      catalogPageSize: 4,
      merchantName: "Masa & Co.",
    });
    client = new SquareClient({ token: "sim-token", environment: sim.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await sim?.stop();
    await receiver?.close();
  });

  beforeEach(async () => {
    // Let the previous test's webhooks land first, so none arrives after the receiver is cleared.
    await sim.waitForWebhooks();
    sim.reset();
    sim.configure({ webhookUrl: receiver.url, webhookSignatureKey: SIGNATURE_KEY });
    receiver.clear();
  });

  async function createLink(idempotencyKey = crypto.randomUUID(), referenceId = "larder-1001") {
    const response = await client.checkout.paymentLinks.create({
      idempotencyKey,
      order: {
        locationId: sim.locationId,
        referenceId,
        lineItems: [
          { name: "Beef empanada (Single)", quantity: "2", basePriceMoney: { amount: 450n, currency: "USD" } },
          {
            name: "Mint lemonade (16 oz)",
            quantity: "1",
            basePriceMoney: { amount: 334n, currency: "USD" },
            note: "no ice",
          },
        ],
      },
      checkoutOptions: { redirectUrl: SHOP_RETURN },
      prePopulatedData: { buyerEmail: "ana@example.com" },
      paymentNote: "Order #1001",
    });
    const link = response.paymentLink;
    const order = response.relatedResources?.orders?.[0];
    if (!link?.id || !link.url || !order?.id) throw new Error("payment link response is incomplete");
    return { link: { ...link, id: link.id, url: link.url }, order: { ...order, id: order.id }, response };
  }

  function submit(url: string, form: URLSearchParams) {
    return fetch(url, { method: "POST", body: form, redirect: "manual" });
  }

  it("redirects to redirect_url exactly as given when told to behave like Square's sandbox", async () => {
    const { link } = await createLink();
    sim.configure({ redirectParameters: false });
    try {
      const paid = await submit(link.url, cardForm("4111 1111 1111 1111"));
      expect(paid.status).toBe(303);
      expect(paid.headers.get("location")).toBe("http://shop.test/orders/tok_123?from=square");
    } finally {
      sim.configure({ redirectParameters: true });
    }
  });

  it("deletes a payment link: its page is gone, its open order CANCELED, a second delete 404", async () => {
    const { link, order } = await createLink();
    const deleted = await client.checkout.paymentLinks.delete({ id: link.id });
    expect(deleted).toMatchObject({ id: link.id, cancelledOrderId: order.id });
    expect((await client.orders.get({ orderId: order.id ?? "" })).order?.state).toBe("CANCELED");
    expect((await fetch(link.url)).status).toBe(404);
    expect((await submit(link.url, cardForm("4111 1111 1111 1111"))).status).toBe(404);
    const again = await client.checkout.paymentLinks.delete({ id: link.id }).catch((caught: unknown) => caught);
    expect((again as SquareError).statusCode).toBe(404);
    expect(sim.ledger().filter((entry) => entry.order_id === order.id)).toEqual([]);
  });

  it("lists its one location and answers for it by id", async () => {
    const { locations } = await client.locations.list();
    expect(locations).toHaveLength(1);
    expect(locations?.[0]).toMatchObject({ id: sim.locationId, status: "ACTIVE", currency: "USD", country: "US" });
    const { location } = await client.locations.get({ locationId: sim.locationId });
    expect(location?.businessName).toBe("Masa & Co.");
  });

  it("pages through the catalog and honours the types filter", async () => {
    const everything = [];
    for await (const object of await client.catalog.list({ types: "ITEM,CATEGORY" })) everything.push(object);
    expect(new Set(everything.map((object) => object.type))).toEqual(new Set(["ITEM", "CATEGORY"]));
    expect(everything.length).toBeGreaterThan(4); // more than one page of 4

    const beef = everything.find((object) => object.id === "ITEM_BEEF");
    expect(beef?.type === "ITEM" && beef.itemData?.variations?.[0]).toMatchObject({
      type: "ITEM_VARIATION",
      itemVariationData: { priceMoney: { amount: 450n, currency: "USD" } },
    });

    const categories = [];
    for await (const object of await client.catalog.list({ types: "CATEGORY" })) categories.push(object);
    expect(categories.map((object) => object.type)).toEqual(["CATEGORY", "CATEGORY", "CATEGORY"]);
  });

  it("creates a payment link with its order, replays it for the same key and body, refuses another body", async () => {
    const key = crypto.randomUUID();
    const { link, order, response } = await createLink(key);
    expect(link.url).toBe(`${sim.url}/checkout/${link.id}`);
    expect(link.orderId).toBe(order.id);
    expect(order).toMatchObject({ locationId: sim.locationId, referenceId: "larder-1001", state: "OPEN" });
    expect(order.totalMoney).toEqual({ amount: 1234n, currency: "USD" });
    expect(order.lineItems?.[0]).toMatchObject({ quantity: "2", totalMoney: { amount: 900n, currency: "USD" } });

    const replay = await createLink(key);
    expect(replay.response).toEqual(response);

    const reused = await createLink(key, "larder-9999").catch((error: unknown) => error);
    expect(reused).toBeInstanceOf(SquareError);
    expect((reused as SquareError).statusCode).toBe(400);
    expect((reused as SquareError).errors[0]?.code).toBe("IDEMPOTENCY_KEY_REUSED");

    const { order: fetched } = await client.orders.get({ orderId: order.id });
    expect(fetched?.id).toBe(order.id);
    const { paymentLink } = await client.checkout.paymentLinks.get({ id: link.id });
    expect(paymentLink?.checkoutOptions?.redirectUrl).toBe(SHOP_RETURN);
  });

  it("accepts a quick pay link", async () => {
    const { relatedResources } = await client.checkout.paymentLinks.create({
      idempotencyKey: crypto.randomUUID(),
      quickPay: {
        name: "Catering deposit",
        priceMoney: { amount: 5000n, currency: "USD" },
        locationId: sim.locationId,
      },
    });
    expect(relatedResources?.orders?.[0]?.totalMoney?.amount).toBe(5000n);
  });

  it("rejects invalid requests with Square's error codes and field names", async () => {
    const error = await client.checkout.paymentLinks
      .create({
        idempotencyKey: crypto.randomUUID(),
        order: {
          locationId: sim.locationId,
          lineItems: [{ quantity: "1", basePriceMoney: { amount: 100n, currency: "EUR" } }],
        },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SquareError);
    expect((error as SquareError).statusCode).toBe(400);
    expect((error as SquareError).errors).toEqual([
      expect.objectContaining({
        category: "INVALID_REQUEST_ERROR",
        code: "CURRENCY_MISMATCH",
        field: "order.line_items[0].base_price_money.currency",
      }),
    ]);

    const missing = await fetch(`${sim.url}/v2/online-checkout/payment-links`, {
      method: "POST",
      headers: { authorization: "Bearer sim-token", "content-type": "application/json" },
      body: JSON.stringify({ order: { location_id: sim.locationId, line_items: [{ quantity: "1" }] } }),
    });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { errors: { code: string; field: string }[] };
    expect(body.errors.map((e) => [e.code, e.field])).toEqual([
      ["MISSING_REQUIRED_PARAMETER", "order.line_items[0].name"],
      ["MISSING_REQUIRED_PARAMETER", "order.line_items[0].base_price_money"],
    ]);

    const badJson = await fetch(`${sim.url}/v2/online-checkout/payment-links`, {
      method: "POST",
      headers: { authorization: "Bearer sim-token" },
      body: "{not json",
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { errors: { code: string }[] }).errors[0].code).toBe("EXPECTED_JSON_BODY");
  });

  it("answers 401 without a bearer token and 404 for unknown ids", async () => {
    const response = await fetch(`${sim.url}/v2/locations`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      errors: [expect.objectContaining({ category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED" })],
    });

    const error = await client.payments.get({ paymentId: "NOPE" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SquareError);
    expect((error as SquareError).statusCode).toBe(404);
    expect((error as SquareError).errors[0]?.code).toBe("NOT_FOUND");
  });

  it("serves an accessible hosted checkout page with the order total", async () => {
    const { link } = await createLink();
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Masa &#38; Co.");
    expect(page).toContain("Beef empanada (Single) × 2");
    for (const [id, label] of [
      ["card-number", "Card number"],
      ["expiration", "Expiration date"],
      ["cvv", "CVV"],
      ["postal-code", "Postal code"],
    ]) {
      expect(page).toContain(`<label for="${id}">${label}</label>`);
      expect(page).toMatch(new RegExp(`<input id="${id}"[^>]* value=""`));
    }
    expect(page).toContain(`<button type="submit">Pay $12.34</button>`);
    expect(page).toContain("4111 1111 1111 1111");
  });

  it("takes a payment with the success card, redirects to the shop, sends signed webhooks, never charges twice", async () => {
    const { link, order } = await createLink();

    const paid = await submit(link.url, cardForm("4111 1111 1111 1111"));
    expect(paid.status).toBe(303);
    const location = new URL(paid.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe("http://shop.test/orders/tok_123");
    expect(location.searchParams.get("from")).toBe("square");
    expect(location.searchParams.get("checkoutId")).toBe(link.id);
    expect(location.searchParams.get("orderId")).toBe(order.id);
    // Square documents transactionId as the order's id; the payment is found through the order's tenders.
    expect(location.searchParams.get("transactionId")).toBe(order.id);
    const paidOrder = (await client.orders.get({ orderId: order.id ?? "" })).order;
    const paymentId = paidOrder?.tenders?.[0]?.paymentId ?? "";

    const { payment } = await client.payments.get({ paymentId });
    expect(payment).toMatchObject({
      id: paymentId,
      status: "COMPLETED",
      orderId: order.id,
      referenceId: "larder-1001",
      locationId: sim.locationId,
      sourceType: "CARD",
      buyerEmailAddress: "ana@example.com",
      note: "Order #1001",
      amountMoney: { amount: 1234n, currency: "USD" },
      totalMoney: { amount: 1234n, currency: "USD" },
      cardDetails: { status: "CAPTURED", entryMethod: "KEYED", card: { cardBrand: "VISA", last4: "1111" } },
    });
    const { order: closed } = await client.orders.get({ orderId: order.id });
    expect(closed).toMatchObject({ state: "COMPLETED", tenders: [expect.objectContaining({ paymentId })] });

    const again = await submit(link.url, cardForm("4111111111111111"));
    expect(again.status).toBe(409);
    const againPage = await again.text();
    expect(againPage).toContain("This order has already been paid.");
    expect(againPage).toContain("Return to Masa &#38; Co.");
    expect(sim.ledger().filter((entry) => entry.status === "COMPLETED")).toEqual([
      expect.objectContaining({
        id: paymentId,
        order_id: order.id,
        reference_id: "larder-1001",
        amount: 1234,
        currency: "USD",
      }),
    ]);

    await sim.waitForWebhooks();
    const events = receiver.received.map(({ body }) => JSON.parse(body));
    expect(events.map((event) => event.type)).toEqual(["payment.created", "payment.updated"]);
    expect(events.map((event) => event.data.object.payment.status)).toEqual(["APPROVED", "COMPLETED"]);
    expect(new Set(events.map((event) => event.event_id)).size).toBe(2);
    for (const [index, { body, headers }] of receiver.received.entries()) {
      expect(events[index]).toMatchObject({
        merchant_id: expect.any(String),
        data: { type: "payment", id: paymentId },
      });
      expect(headers["content-type"]).toBe("application/json");
      expect(headers["square-initial-delivery-timestamp"]).toBeTruthy();
      const signatureHeader = String(headers["x-square-hmacsha256-signature"]);
      const verify = (requestBody: string) =>
        WebhooksHelper.verifySignature({
          requestBody,
          signatureHeader,
          signatureKey: SIGNATURE_KEY,
          notificationUrl: receiver.url,
        });
      expect(await verify(body)).toBe(true);
      expect(await verify(body.replace(paymentId, `${paymentId}X`))).toBe(false);
    }
  });

  it("shows a payment-successful page when the link has no redirect URL", async () => {
    const { paymentLink } = await client.checkout.paymentLinks.create({
      idempotencyKey: crypto.randomUUID(),
      quickPay: { name: "Gift", priceMoney: { amount: 1000n, currency: "USD" }, locationId: sim.locationId },
    });
    const response = await submit(paymentLink?.url ?? "", cardForm("4111111111111111"));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Payment successful");
  });

  it("declines the decline card with 402, a FAILED payment and a way back to the shop", async () => {
    const { link, order } = await createLink();
    const response = await submit(link.url, cardForm("4000 0000 0000 0002"));
    expect(response.status).toBe(402);
    const page = await response.text();
    expect(page).toContain("Your card was declined. Try another card.");
    const returnHref = /<a href="([^"]+)">Return to Masa &#38; Co.<\/a>/.exec(page)?.[1].replaceAll("&#38;", "&");
    expect(returnHref).toBe(`${SHOP_RETURN}&orderId=${order.id}`);
    expect(page).toMatch(/<input id="card-number"[^>]* value=""/);

    const [failed] = sim.ledger();
    expect(failed).toMatchObject({ status: "FAILED", order_id: order.id, amount: 1234 });
    const { payment } = await client.payments.get({ paymentId: failed.id });
    expect(payment).toMatchObject({
      status: "FAILED",
      cardDetails: { status: "FAILED", errors: [expect.objectContaining({ code: "GENERIC_DECLINE" })] },
    });
    const { order: stillOpen } = await client.orders.get({ orderId: order.id });
    expect(stillOpen?.state).toBe("OPEN");

    await sim.waitForWebhooks();
    expect(receiver.received.map(({ body }) => JSON.parse(body).type)).toEqual(["payment.created", "payment.updated"]);

    // The customer may try again with a good card on the same link.
    expect((await submit(link.url, cardForm("4111111111111111"))).status).toBe(303);
    expect(sim.ledger().map((entry) => entry.status)).toEqual(["FAILED", "COMPLETED"]);
  });

  it("re-renders the form with 400 and a message per invalid field, without echoing the card number", async () => {
    const { link } = await createLink();
    const response = await submit(
      link.url,
      cardForm("4242 4242 4242 4242", { expiration: "01/20", cvv: "12", postal_code: "" }),
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("This card is not accepted here. Use one of the test cards below.");
    expect(page).toContain("This card has expired.");
    expect(page).toContain("Enter the 3-digit CVV.");
    expect(page).toContain("Enter the postal code.");
    expect(page).not.toContain("4242");
    expect(page).toMatch(/<input id="expiration"[^>]* value="01\/20"/);
    expect(page).toMatch(/<input id="card-number"[^>]* value="" aria-invalid="true"/);
    expect(sim.ledger()).toEqual([]);
  });

  it("retries a failed webhook delivery with Square's retry headers and the same signature", async () => {
    receiver.failNext(1);
    const { link } = await createLink();
    await submit(link.url, cardForm("4111111111111111"));
    await sim.waitForWebhooks();

    const [first, retry, second] = receiver.received;
    expect(retry.body).toBe(first.body);
    expect(retry.headers["x-square-hmacsha256-signature"]).toBe(first.headers["x-square-hmacsha256-signature"]);
    expect(retry.headers["square-retry-number"]).toBe("1");
    expect(retry.headers["square-retry-reason"]).toBe("http_error");
    expect(first.headers["square-retry-number"]).toBeUndefined();
    expect(JSON.parse(second.body).type).toBe("payment.updated");
    expect(
      sim.webhookLog().map(({ type, status, attempts, last_status }) => ({ type, status, attempts, last_status })),
    ).toEqual([
      { type: "payment.created", status: "delivered", attempts: 2, last_status: 200 },
      { type: "payment.updated", status: "delivered", attempts: 1, last_status: 200 },
    ]);
  });

  it("keeps events without sending them when no webhook URL is configured", async () => {
    sim.configure({ webhookUrl: undefined });
    const { link } = await createLink();
    await submit(link.url, cardForm("4111111111111111"));
    await sim.waitForWebhooks();
    expect(receiver.received).toEqual([]);
    expect(sim.webhookLog().map((entry) => entry.status)).toEqual(["not_configured", "not_configured"]);
  });

  it("offers control endpoints over HTTP: ledger, webhook flush, config and reset", async () => {
    const { link } = await createLink();
    await submit(link.url, cardForm("4111111111111111"));

    const flushed = (await (await fetch(`${sim.url}/sim/webhooks/flush`, { method: "POST" })).json()) as {
      status: string;
    }[];
    expect(flushed.map((entry) => entry.status)).toEqual(["delivered", "delivered"]);
    const ledger = (await (await fetch(`${sim.url}/sim/ledger`)).json()) as { payments: { status: string }[] };
    expect(ledger.payments.map((entry) => entry.status)).toEqual(["COMPLETED"]);

    const config = await fetch(`${sim.url}/sim/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ webhookUrl: null }),
    });
    expect(await config.json()).toEqual({
      webhookUrl: null,
      webhookSignatureKeySet: true,
      refundCompletionDelayMs: 100,
      redirectParameters: true,
      refundOutcome: "COMPLETED",
      wallets: ["APPLE_PAY", "GOOGLE_PAY"],
    });

    expect((await fetch(`${sim.url}/sim/reset`, { method: "POST" })).status).toBe(200);
    expect(sim.ledger()).toEqual([]);
    expect(await (await fetch(`${sim.url}/sim/webhooks`)).json()).toEqual([]);
    const gone = await client.checkout.paymentLinks.get({ id: link.id }).catch((caught: unknown) => caught);
    expect((gone as SquareError).statusCode).toBe(404);
  });

  it("lists payments newest first", async () => {
    const first = await createLink();
    const second = await createLink();
    await submit(first.link.url, cardForm("4111111111111111"));
    await submit(second.link.url, cardForm("4000000000000002"));
    const payments = [];
    for await (const payment of await client.payments.list({ locationId: sim.locationId })) payments.push(payment);
    expect(payments.map((payment) => [payment.orderId, payment.status])).toEqual([
      [second.order.id, "FAILED"],
      [first.order.id, "COMPLETED"],
    ]);
  });
});
