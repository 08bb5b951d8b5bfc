// The simulator's Orders and Payments APIs driven through the official SDK: CreateOrder, CreatePayment with card
// tokens and sandbox nonces, delayed capture, cancel by idempotency key, ListPayments, and signed webhooks.
import { type Square, SquareClient, SquareError, WebhooksHelper } from "square";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SquareSimulator, startSquareSimulator } from "../../../dev/square-sim/server";
import { type WebhookReceiver, startWebhookReceiver } from "../../../dev/square-sim/webhook-receiver";

const SIGNATURE_KEY = "payments-test-key";

describe("Square simulator: orders and payments", () => {
  let sim: SquareSimulator;
  let receiver: WebhookReceiver;
  let client: SquareClient;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startSquareSimulator({
      webhookUrl: receiver.url,
      webhookSignatureKey: SIGNATURE_KEY,
      webhookRetryDelaysMs: [10],
    });
    client = new SquareClient({ token: "sim-token", environment: sim.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await sim?.stop();
    await receiver?.close();
  });

  beforeEach(async () => {
    await sim.waitForWebhooks();
    sim.reset();
    receiver.clear();
  });

  function createOrder(idempotencyKey = crypto.randomUUID(), referenceId = "larder-2001") {
    return client.orders.create({
      idempotencyKey,
      order: {
        locationId: sim.locationId,
        referenceId,
        lineItems: [
          { name: "Beef empanada", quantity: "3", basePriceMoney: { amount: 450n, currency: "USD" } },
          { catalogObjectId: "VAR_LEMONADE_REGULAR", quantity: "1", note: "no ice" },
        ],
      },
    });
  }

  async function newOrderId(): Promise<string> {
    const { order } = await createOrder();
    return order?.id ?? "";
  }

  /** A single-use card token, as the Web Payments SDK stand-in gets it. */
  async function tokenize(cardNumber = "4111 1111 1111 1111"): Promise<string> {
    const response = await fetch(`${sim.url}/v2/sim-web-payments/tokenize`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ card_number: cardNumber, expiration_date: "12/40", cvv: "123", postal_code: "94103" }),
    });
    const result = (await response.json()) as { token: string };
    return result.token;
  }

  async function failure(promise: Promise<unknown>): Promise<SquareError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught
    );
    expect(error).toBeInstanceOf(SquareError);
    return error as SquareError;
  }

  it("creates an order with Square's totals, replays it for the same key and body, refuses another body", async () => {
    const key = crypto.randomUUID();
    const first = await createOrder(key);
    expect(first.order).toMatchObject({
      locationId: sim.locationId,
      referenceId: "larder-2001",
      state: "OPEN",
      version: 1,
      totalMoney: { amount: 1850n, currency: "USD" },
      netAmountDueMoney: { amount: 1850n, currency: "USD" },
    });
    expect(first.order?.lineItems?.[1]).toMatchObject({
      name: "Mint lemonade",
      variationName: "16 oz",
      basePriceMoney: { amount: 500n, currency: "USD" },
      note: "no ice",
    });

    expect(await createOrder(key)).toEqual(first);
    const reused = await failure(createOrder(key, "larder-other"));
    expect([reused.statusCode, reused.errors[0]?.code]).toEqual([400, "IDEMPOTENCY_KEY_REUSED"]);

    const orderId = first.order?.id ?? "";
    expect((await client.orders.get({ orderId })).order).toEqual(first.order);
    const { orders } = await client.orders.batchGet({ orderIds: [orderId, "NO_SUCH_ORDER"] });
    expect(orders?.map((order) => order.id)).toEqual([orderId]);

    const taxed = await fetch(`${sim.url}/v2/orders`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: JSON.stringify({
        order: {
          location_id: sim.locationId,
          line_items: [{ name: "x", quantity: "1", base_price_money: { amount: 100, currency: "USD" } }],
          taxes: [{ name: "Sales tax", percentage: "8.5" }],
        },
      }),
    });
    expect(taxed.status).toBe(400);
    expect(((await taxed.json()) as { errors: { field: string }[] }).errors[0].field).toBe("order.taxes[0].type");
  });

  it("charges a card token for an order, closes the order, and sends signed payment and order webhooks", async () => {
    const orderId = await newOrderId();
    const idempotencyKey = crypto.randomUUID();
    const request: Square.CreatePaymentRequest = {
      sourceId: await tokenize(),
      idempotencyKey,
      amountMoney: { amount: 1850n, currency: "USD" },
      orderId,
      locationId: sim.locationId,
      referenceId: "larder-2001",
      buyerEmailAddress: "ana@example.com",
      note: "Pickup 6pm",
    };
    const { payment } = await client.payments.create(request);
    expect(payment).toMatchObject({
      status: "COMPLETED",
      orderId,
      referenceId: "larder-2001",
      buyerEmailAddress: "ana@example.com",
      note: "Pickup 6pm",
      amountMoney: { amount: 1850n, currency: "USD" },
      totalMoney: { amount: 1850n, currency: "USD" },
      cardDetails: { status: "CAPTURED", card: { cardBrand: "VISA", last4: "1111" } },
    });
    const paymentId = payment?.id ?? "";
    const { order } = await client.orders.get({ orderId });
    expect(order).toMatchObject({
      state: "COMPLETED",
      version: 2,
      netAmountDueMoney: { amount: 0n },
      tenders: [expect.objectContaining({ paymentId, type: "CARD" })],
    });

    // The same request again is the same answer: no second charge, no new webhook.
    await sim.waitForWebhooks();
    expect(await client.payments.create(request)).toEqual({ payment });
    const reused = await failure(client.payments.create({ ...request, note: "changed" }));
    expect([reused.statusCode, reused.errors[0]?.code]).toEqual([400, "IDEMPOTENCY_KEY_REUSED"]);
    expect(sim.capturedByOrder()).toEqual({ [orderId]: 1 });

    await sim.waitForWebhooks();
    const events = receiver.received.map(({ event }) => event);
    expect(events.map((event) => event.type)).toEqual(["payment.created", "payment.updated", "order.updated"]);
    expect(events[0].data).toMatchObject({
      type: "payment",
      id: paymentId,
      object: { payment: { status: "APPROVED" } },
    });
    expect(events[1].data).toMatchObject({ type: "payment", object: { payment: { status: "COMPLETED", version: 2 } } });
    expect(events[2].data).toEqual({
      type: "order_updated",
      id: orderId,
      object: {
        order_updated: {
          order_id: orderId,
          version: 2,
          location_id: sim.locationId,
          state: "COMPLETED",
          created_at: order?.createdAt,
          updated_at: order?.updatedAt,
        },
      },
    });
    for (const { body, headers } of receiver.received) {
      const valid = await WebhooksHelper.verifySignature({
        requestBody: body,
        signatureHeader: String(headers["x-square-hmacsha256-signature"]),
        signatureKey: SIGNATURE_KEY,
        notificationUrl: receiver.url,
      });
      expect(valid).toBe(true);
    }
  });

  it("scopes idempotency keys per endpoint", async () => {
    const key = crypto.randomUUID();
    const { order } = await createOrder(key);
    const { payment } = await client.payments.create({
      sourceId: "cnon:card-nonce-ok",
      idempotencyKey: key,
      amountMoney: { amount: 1850n, currency: "USD" },
      orderId: order?.id,
    });
    expect(payment?.status).toBe("COMPLETED");
  });

  it("refuses a payment that does not match its order, or for an order that is not open", async () => {
    const orderId = await newOrderId();
    const base: Omit<Square.CreatePaymentRequest, "idempotencyKey"> = {
      sourceId: await tokenize(),
      amountMoney: { amount: 1850n, currency: "USD" },
      orderId,
    };

    const mismatch = await failure(
      client.payments.create({
        ...base,
        idempotencyKey: crypto.randomUUID(),
        amountMoney: { amount: 1849n, currency: "USD" },
      })
    );
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.errors[0]).toMatchObject({ code: "PAYMENT_AMOUNT_MISMATCH", field: "amount_money" });

    const unknown = await failure(
      client.payments.create({ ...base, idempotencyKey: crypto.randomUUID(), orderId: "NOPE" })
    );
    expect(unknown.errors[0]).toMatchObject({ code: "NOT_FOUND", field: "order_id" });

    const longKey = await failure(client.payments.create({ ...base, idempotencyKey: "k".repeat(46) }));
    expect(longKey.errors[0]).toMatchObject({ code: "VALUE_TOO_LONG", field: "idempotency_key" });

    const tip = await failure(
      client.payments.create({
        ...base,
        idempotencyKey: crypto.randomUUID(),
        tipMoney: { amount: 100n, currency: "USD" },
      })
    );
    expect(tip.errors[0]).toMatchObject({ field: "tip_money" });

    // Refusals charge nothing and leave the token usable.
    expect(sim.ledger()).toEqual([]);
    await client.payments.create({ ...base, idempotencyKey: crypto.randomUUID() });
    const paidAgain = await failure(
      client.payments.create({ ...base, sourceId: "cnon:card-nonce-ok", idempotencyKey: crypto.randomUUID() })
    );
    expect(paidAgain.errors[0]).toMatchObject({ code: "BAD_REQUEST", field: "order_id" });
    expect(paidAgain.errors[0]?.detail).toContain("COMPLETED");
    expect(sim.capturedByOrder()).toEqual({ [orderId]: 1 });
  });

  it("answers a declined card 402 with GENERIC_DECLINE and the FAILED payment, and records it", async () => {
    const orderId = await newOrderId();
    for (const sourceId of [await tokenize("4000 0000 0000 0002"), "cnon:card-nonce-declined"]) {
      const declined = await failure(
        client.payments.create({
          sourceId,
          idempotencyKey: crypto.randomUUID(),
          amountMoney: { amount: 1850n, currency: "USD" },
          orderId,
        })
      );
      expect(declined.statusCode).toBe(402);
      expect(declined.errors).toEqual([
        expect.objectContaining({ category: "PAYMENT_METHOD_ERROR", code: "GENERIC_DECLINE" }),
      ]);
      expect((declined.body as { payment: { status: string; order_id: string } }).payment).toMatchObject({
        status: "FAILED",
        order_id: orderId,
      });
    }
    expect(sim.ledger().map((entry) => [entry.status, entry.order_id])).toEqual([
      ["FAILED", orderId],
      ["FAILED", orderId],
    ]);
    expect(sim.capturedByOrder()).toEqual({});
    expect((await client.orders.get({ orderId })).order?.state).toBe("OPEN");
  });

  it("uses a card token once: another request with it is CARD_TOKEN_USED; sandbox nonces are reusable", async () => {
    const token = await tokenize();
    const pay = (sourceId: string) =>
      client.payments.create({
        sourceId,
        idempotencyKey: crypto.randomUUID(),
        amountMoney: { amount: 500n, currency: "USD" },
      });
    const { payment } = await pay(token);
    expect(payment).toMatchObject({ status: "COMPLETED", orderId: expect.any(String) });

    const used = await failure(pay(token));
    expect(used.errors[0]).toMatchObject({ code: "CARD_TOKEN_USED", field: "source_id" });
    const unknown = await failure(pay("cnon:not-a-token"));
    expect(unknown.errors[0]).toMatchObject({ code: "NOT_FOUND", field: "source_id" });

    await pay("cnon:card-nonce-ok");
    await pay("cnon:card-nonce-ok");
    expect(sim.ledger().map((entry) => entry.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
  });

  it("authorises with autocomplete false, then cancels by idempotency key or completes", async () => {
    const orderId = await newOrderId();
    const authorize = async (idempotencyKey: string) =>
      (
        await client.payments.create({
          sourceId: await tokenize(),
          idempotencyKey,
          amountMoney: { amount: 1850n, currency: "USD" },
          orderId,
          autocomplete: false,
        })
      ).payment;

    const voidKey = crypto.randomUUID();
    const approved = await authorize(voidKey);
    expect(approved).toMatchObject({
      status: "APPROVED",
      delayAction: "CANCEL",
      cardDetails: { status: "AUTHORIZED" },
    });
    expect((await client.orders.get({ orderId })).order?.state).toBe("OPEN");

    expect(await client.payments.cancelByIdempotencyKey({ idempotencyKey: voidKey })).toEqual({});
    const { payment: canceled } = await client.payments.get({ paymentId: approved?.id ?? "" });
    expect(canceled).toMatchObject({ status: "CANCELED", cardDetails: { status: "VOIDED" } });
    // Nothing made with that key, or nothing left to void: still a success.
    expect(await client.payments.cancelByIdempotencyKey({ idempotencyKey: crypto.randomUUID() })).toEqual({});
    expect(await client.payments.cancelByIdempotencyKey({ idempotencyKey: voidKey })).toEqual({});

    const captureKey = crypto.randomUUID();
    const second = await authorize(captureKey);
    const { payment: completed } = await client.payments.complete({ paymentId: second?.id ?? "" });
    expect(completed).toMatchObject({ status: "COMPLETED", cardDetails: { status: "CAPTURED" } });
    expect((await client.orders.get({ orderId })).order).toMatchObject({ state: "COMPLETED" });
    const tooLate = await failure(client.payments.cancelByIdempotencyKey({ idempotencyKey: captureKey }));
    expect(tooLate.errors[0]).toMatchObject({ code: "BAD_REQUEST" });
    const cancelCompleted = await failure(client.payments.cancel({ paymentId: second?.id ?? "" }));
    expect(cancelCompleted.statusCode).toBe(400);

    expect(sim.ledger().map((entry) => entry.status)).toEqual(["CANCELED", "COMPLETED"]);
    await sim.waitForWebhooks();
    expect(
      receiver.received.map(
        ({ event }) => `${event.type}:${event.data.type === "payment" ? event.data.object.payment.status : "order"}`
      )
    ).toEqual([
      "payment.created:APPROVED",
      "payment.updated:CANCELED",
      "payment.created:APPROVED",
      "payment.updated:COMPLETED",
      "order.updated:order",
    ]);
  });

  it("cancels an approved payment by id", async () => {
    const { payment } = await client.payments.create({
      sourceId: "cnon:card-nonce-ok",
      idempotencyKey: crypto.randomUUID(),
      amountMoney: { amount: 700n, currency: "USD" },
      autocomplete: false,
    });
    const { payment: canceled } = await client.payments.cancel({ paymentId: payment?.id ?? "" });
    expect(canceled?.status).toBe("CANCELED");
    const notApproved = await failure(client.payments.complete({ paymentId: payment?.id ?? "" }));
    expect(notApproved.errors[0]?.code).toBe("BAD_REQUEST");
  });

  it("lists payments by time range, order, location and amount, a page at a time", async () => {
    const pay = async (cents: bigint) =>
      (
        await client.payments.create({
          sourceId: "cnon:card-nonce-ok",
          idempotencyKey: crypto.randomUUID(),
          amountMoney: { amount: cents, currency: "USD" },
        })
      ).payment?.id;
    const first = await pay(100n);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await pay(200n);
    const third = await pay(300n);

    const ids = async (request: Parameters<typeof client.payments.list>[0]) => {
      const found = [];
      for await (const payment of await client.payments.list(request)) found.push(payment.id);
      return found;
    };
    expect(await ids({})).toEqual([third, second, first]);
    expect(await ids({ sortOrder: "ASC" })).toEqual([first, second, third]);
    expect(await ids({ beginTime: between })).toEqual([third, second]);
    expect(await ids({ endTime: between, locationId: sim.locationId })).toEqual([first]);
    expect(await ids({ locationId: "OTHER" })).toEqual([]);
    expect(await ids({ total: 200n })).toEqual([second]);

    const firstPage = await client.payments.list({ limit: 2, sortOrder: "ASC" });
    expect(firstPage.data.map((payment) => payment.id)).toEqual([first, second]);
    expect(firstPage.hasNextPage()).toBe(true);
    const nextPage = await firstPage.getNextPage();
    expect(nextPage.data.map((payment) => payment.id)).toEqual([third]);
    expect(nextPage.hasNextPage()).toBe(false);
    // Above 100 is ignored, as Square documents, not an error.
    expect((await client.payments.list({ limit: 500 })).data).toHaveLength(3);

    const badTime = await failure(client.payments.list({ beginTime: "yesterday" }));
    expect(badTime.errors[0]).toMatchObject({ code: "INVALID_TIME", field: "begin_time" });
    const badRange = await failure(client.payments.list({ beginTime: between, endTime: "2000-01-01T00:00:00Z" }));
    expect(badRange.errors[0]?.code).toBe("INVALID_TIME_RANGE");
  });
});
