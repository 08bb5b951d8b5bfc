// The simulator's Refunds API through the official SDK: partial and full refunds, the PENDING → COMPLETED
// transition with signed webhooks, over-refund and state errors, idempotency, and the refund ledger.
import { SquareClient, SquareError, WebhooksHelper } from "square";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { type SquareSimulator, startSquareSimulator } from "../../../dev/square-sim/server";
import { type WebhookReceiver, startWebhookReceiver } from "../../../dev/square-sim/webhook-receiver";

const SIGNATURE_KEY = "refunds-test-key";

describe("Square simulator: refunds", () => {
  let sim: SquareSimulator;
  let receiver: WebhookReceiver;
  let client: SquareClient;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startSquareSimulator({
      webhookUrl: receiver.url,
      webhookSignatureKey: SIGNATURE_KEY,
      webhookRetryDelaysMs: [10],
      refundCompletionDelayMs: 30,
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

  async function payment(cents: bigint, autocomplete = true) {
    const { payment: created } = await client.payments.create({
      sourceId: "cnon:card-nonce-ok",
      idempotencyKey: crypto.randomUUID(),
      amountMoney: { amount: cents, currency: "USD" },
      autocomplete,
    });
    return { id: created?.id ?? "", orderId: created?.orderId ?? "" };
  }

  function refund(paymentId: string, cents: bigint, idempotencyKey = crypto.randomUUID(), reason = "Customer request") {
    return client.refunds.refundPayment({
      idempotencyKey,
      paymentId,
      amountMoney: { amount: cents, currency: "USD" },
      reason,
    });
  }

  async function failure(promise: Promise<unknown>): Promise<SquareError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught
    );
    expect(error).toBeInstanceOf(SquareError);
    return error as SquareError;
  }

  it("refunds part of a payment: PENDING, then COMPLETED with refund webhooks and the payment's refunded_money", async () => {
    const paid = await payment(1000n);
    await sim.waitForWebhooks();
    receiver.clear();

    const { refund: pending } = await refund(paid.id, 400n);
    expect(pending).toMatchObject({
      status: "PENDING",
      paymentId: paid.id,
      orderId: paid.orderId,
      locationId: sim.locationId,
      amountMoney: { amount: 400n, currency: "USD" },
      reason: "Customer request",
      destinationType: "CARD",
    });
    const refundId = pending?.id ?? "";
    expect(refundId.startsWith(`${paid.id}_`)).toBe(true);
    expect((await client.payments.get({ paymentId: paid.id })).payment?.refundIds).toEqual([refundId]);

    await sim.waitForWebhooks(); // also waits for the refund to complete
    expect((await client.refunds.get({ refundId })).refund?.status).toBe("COMPLETED");
    const { payment: refunded } = await client.payments.get({ paymentId: paid.id });
    expect(refunded).toMatchObject({
      status: "COMPLETED",
      refundedMoney: { amount: 400n, currency: "USD" },
      refundIds: [refundId],
    });

    const events = receiver.received.map(({ event }) => event);
    expect(events.map((event) => event.type)).toEqual([
      "refund.created",
      "payment.updated",
      "refund.updated",
      "payment.updated",
    ]);
    expect(events[0].data).toMatchObject({ type: "refund", id: refundId, object: { refund: { status: "PENDING" } } });
    expect(events[2].data).toMatchObject({ type: "refund", id: refundId, object: { refund: { status: "COMPLETED" } } });
    expect(events[3].data).toMatchObject({ object: { payment: { refunded_money: { amount: 400 } } } });
    for (const { body, headers } of receiver.received) {
      const verify = (requestBody: string) =>
        WebhooksHelper.verifySignature({
          requestBody,
          signatureHeader: String(headers["x-square-hmacsha256-signature"]),
          signatureKey: SIGNATURE_KEY,
          notificationUrl: receiver.url,
        });
      expect(await verify(body)).toBe(true);
      expect(await verify(body.replace("refund", "Refund"))).toBe(false);
    }

    expect(sim.ledger()).toEqual([
      expect.objectContaining({ id: paid.id, status: "COMPLETED", amount: 1000, refunded_amount: 400 }),
    ]);
    const ledger = (await (await fetch(`${sim.url}/sim/ledger`)).json()) as Record<string, unknown>;
    expect(ledger).toEqual({
      payments: sim.ledger(),
      refunds: [
        {
          id: refundId,
          payment_id: paid.id,
          order_id: paid.orderId,
          amount: 400,
          currency: "USD",
          status: "COMPLETED",
          reason: "Customer request",
          created_at: expect.any(String),
        },
      ],
      captured_by_order: { [paid.orderId]: 1 },
    });
  });

  it("refunds the rest, then refuses any more with REFUND_AMOUNT_INVALID, pending refunds included", async () => {
    const paid = await payment(1000n);
    await refund(paid.id, 600n);
    // Still PENDING, but already promised: 401 would exceed the payment.
    const over = await failure(refund(paid.id, 401n));
    expect([over.statusCode, over.errors[0]?.code]).toEqual([400, "REFUND_AMOUNT_INVALID"]);
    await refund(paid.id, 400n);
    await sim.waitForWebhooks();
    const none = await failure(refund(paid.id, 1n));
    expect(none.errors[0]?.code).toBe("REFUND_AMOUNT_INVALID");

    expect(sim.ledger()[0].refunded_amount).toBe(1000);
    expect(sim.refunds().map((entry) => [entry.amount, entry.status])).toEqual([
      [600, "COMPLETED"],
      [400, "COMPLETED"],
    ]);
  });

  it("replays a refund for the same key and body, refuses the key with another body", async () => {
    const paid = await payment(1000n);
    const key = crypto.randomUUID();
    const first = await refund(paid.id, 250n, key);
    expect(await refund(paid.id, 250n, key)).toEqual(first);
    const reused = await failure(refund(paid.id, 300n, key));
    expect([reused.statusCode, reused.errors[0]?.code]).toEqual([400, "IDEMPOTENCY_KEY_REUSED"]);
    expect(sim.refunds()).toHaveLength(1);
  });

  it("refuses to refund an approved, failed or unknown payment", async () => {
    const approved = await payment(500n, false);
    const needsCompletion = await failure(refund(approved.id, 100n));
    expect(needsCompletion.errors[0]?.code).toBe("REFUND_ERROR_PAYMENT_NEEDS_COMPLETION");

    const declined = await failure(
      client.payments.create({
        sourceId: "cnon:card-nonce-declined",
        idempotencyKey: crypto.randomUUID(),
        amountMoney: { amount: 500n, currency: "USD" },
      })
    );
    const failedId = (declined.body as { payment: { id: string } }).payment.id;
    expect((await failure(refund(failedId, 100n))).errors[0]?.code).toBe("PAYMENT_NOT_REFUNDABLE");
    expect((await failure(refund("NOPE", 100n))).statusCode).toBe(404);
    expect(sim.refunds()).toEqual([]);
  });

  it("lists refunds by status, newest first", async () => {
    const paid = await payment(1000n);
    const { refund: first } = await refund(paid.id, 100n);
    await sim.waitForWebhooks();
    // The second stays PENDING while it is listed, however slow the machine; reset drops its timer.
    sim.configure({ refundCompletionDelayMs: 60_000 });
    onTestFinished(() => {
      sim.reset();
      sim.configure({ refundCompletionDelayMs: 30 });
    });
    const { refund: second } = await refund(paid.id, 200n);

    const ids = async (request: Parameters<typeof client.refunds.list>[0]) => {
      const found = [];
      for await (const item of await client.refunds.list(request)) found.push(item.id);
      return found;
    };
    expect(await ids({})).toEqual([second?.id, first?.id]);
    expect(await ids({ status: "PENDING" })).toEqual([second?.id]);
    expect(await ids({ status: "COMPLETED", sortOrder: "ASC" })).toEqual([first?.id]);
  });
});
