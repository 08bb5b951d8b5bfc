// Fault injection in the simulator, seen through the official SDK: error statuses, 429 with Retry-After, latency,
// timeout after commit, seeded rates and counts, the "outcome unknown" test card, and webhook delivery faults.
import { type Square, SquareClient, SquareError } from "square";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SquareSimulator, startSquareSimulator } from "../../../dev/square-sim/server";
import { type WebhookReceiver, startWebhookReceiver } from "../../../dev/square-sim/webhook-receiver";

describe("Square simulator: fault injection", () => {
  let sim: SquareSimulator;
  let receiver: WebhookReceiver;
  let client: SquareClient;
  /** Gives up after 1 s and never retries: how a caller meets an answer that does not come. */
  let impatient: SquareClient;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startSquareSimulator({
      webhookUrl: receiver.url,
      webhookSignatureKey: "k",
      webhookRetryDelaysMs: [10],
    });
    client = new SquareClient({ token: "sim-token", environment: sim.url, maxRetries: 0 });
    impatient = new SquareClient({ token: "sim-token", environment: sim.url, maxRetries: 0, timeoutInSeconds: 1 });
  });

  afterAll(async () => {
    await sim?.stop();
    await receiver?.close();
  });

  beforeEach(async () => {
    await sim.waitForWebhooks();
    sim.reset(); // also clears faults
    receiver.clear();
  });

  /**
   * How square@46 on Node 20 reports its own timeout: not SquareTimeoutError (the abort reason is the string
   * "timeout", which its fetcher does not recognise) but a SquareError with no status and that string as cause.
   */
  function isSdkTimeout(error: unknown): boolean {
    return error instanceof SquareError && error.statusCode === undefined && error.cause === "timeout";
  }

  async function outcome(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => "ok",
      (error: unknown) => error
    );
  }

  async function newOrder(cents = 1200n) {
    const { order } = await client.orders.create({
      idempotencyKey: crypto.randomUUID(),
      order: {
        locationId: sim.locationId,
        lineItems: [{ name: "Catering tray", quantity: "1", basePriceMoney: { amount: cents, currency: "USD" } }],
      },
    });
    return order?.id ?? "";
  }

  it("answers an error status a limited number of times, in Square's envelope, and counts firings", async () => {
    const rule = sim.faults.add({ operation: "locations.list", status: 503, count: 1 });
    expect(rule).toMatchObject({ id: expect.any(Number), operation: "locations.list", fired: 0 });

    const error = await outcome(client.locations.list());
    expect(error).toBeInstanceOf(SquareError);
    expect((error as SquareError).statusCode).toBe(503);
    expect((error as SquareError).errors[0]).toMatchObject({ category: "API_ERROR", code: "SERVICE_UNAVAILABLE" });
    expect(await outcome(client.locations.list())).toBe("ok");
    // Other operations are untouched.
    expect(await outcome(client.locations.get({ locationId: sim.locationId }))).toBe("ok");

    const listed = (await (await fetch(`${sim.url}/sim/faults`)).json()) as { rules: { fired: number }[] };
    expect(listed.rules).toEqual([
      expect.objectContaining({ operation: "locations.list", status: 503, count: 1, fired: 1 }),
    ]);
  });

  it("answers 429 with Retry-After, which the SDK waits for before its own retry", async () => {
    sim.faults.add({ operation: "payments.list", status: 429, retry_after_seconds: 1, count: 1 });
    const error = (await outcome(client.payments.list())) as SquareError;
    expect(error.statusCode).toBe(429);
    expect(error.errors[0]).toMatchObject({ category: "RATE_LIMIT_ERROR", code: "RATE_LIMITED" });
    expect(error.rawResponse?.headers.get("retry-after")).toBe("1");

    sim.faults.add({ operation: "payments.list", status: 429, retry_after_seconds: 1, count: 1 });
    const retrying = new SquareClient({ token: "sim-token", environment: sim.url, maxRetries: 1 });
    const started = Date.now();
    await retrying.payments.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sim.faults.list().map((rule) => rule.fired)).toEqual([1, 1]);
  });

  it("adds latency, then answers normally", async () => {
    sim.faults.add({ operation: "*", latency_ms: 150 });
    const started = Date.now();
    const { locations } = await client.locations.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(locations).toHaveLength(1);
  });

  it("commits a payment and never answers: the client times out, the ledger has the charge, a retry replays it", async () => {
    const orderId = await newOrder();
    sim.faults.add({ operation: "payments.create", timeout_after_commit: true, count: 1 });
    const request: Square.CreatePaymentRequest = {
      sourceId: "cnon:card-nonce-ok",
      idempotencyKey: crypto.randomUUID(),
      amountMoney: { amount: 1200n, currency: "USD" },
      orderId,
    };
    const started = Date.now();
    expect(isSdkTimeout(await outcome(impatient.payments.create(request)))).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);

    expect(sim.ledger()).toEqual([expect.objectContaining({ order_id: orderId, status: "COMPLETED", amount: 1200 })]);
    expect(sim.capturedByOrder()).toEqual({ [orderId]: 1 });
    await sim.waitForWebhooks();
    expect(receiver.received.map(({ event }) => event.type)).toEqual([
      "payment.created",
      "payment.updated",
      "order.updated",
    ]);

    // Reconciliation: the same request again is answered with the payment made, and charges nothing more.
    const { payment } = await client.payments.create(request);
    expect(payment).toMatchObject({ id: sim.ledger()[0].id, status: "COMPLETED" });
    expect(sim.capturedByOrder()).toEqual({ [orderId]: 1 });
    // ...and ListPayments finds it too.
    const listed = await client.payments.list({ beginTime: new Date(started - 1000).toISOString() });
    expect(listed.data.map((found) => found.orderId)).toEqual([orderId]);
  });

  it("drops the connection after hang_ms when asked to", async () => {
    sim.faults.add({ operation: "orders.create", timeout_after_commit: true, hang_ms: 50 });
    const started = Date.now();
    const error = await outcome(newOrder());
    expect(error).toBeInstanceOf(SquareError);
    expect(isSdkTimeout(error)).toBe(false);
    expect((error as SquareError).message).toBe("fetch failed");
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("fires a rate-limited rule in the same pattern for the same seed, and honours count", async () => {
    const pattern = async () => {
      sim.reset();
      sim.faults.add({ operation: "locations.list", status: 500, rate: 0.5, seed: 42 });
      const results = [];
      for (let i = 0; i < 16; i++) results.push((await outcome(client.locations.list())) === "ok" ? "." : "x");
      return { results: results.join(""), fired: sim.faults.list()[0].fired };
    };
    const first = await pattern();
    expect(first.results).toMatch(/x/);
    expect(first.results).toMatch(/\./);
    expect(first.fired).toBe(first.results.split("x").length - 1);
    expect(await pattern()).toEqual(first);

    sim.reset();
    sim.faults.add({ operation: "locations.list", status: 500, count: 2 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await outcome(client.locations.list())) === "ok");
    expect(results).toEqual([false, false, true, true]);
  });

  it("takes rules over HTTP, validates them, and clears them", async () => {
    const post = (body: unknown) =>
      fetch(`${sim.url}/sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const added = await post([
      { operation: "refunds.create", status: 500 },
      { operation: "payments.get", latency_ms: 10 },
    ]);
    expect(added.status).toBe(200);
    expect(((await added.json()) as { rules: unknown[] }).rules).toHaveLength(2);

    const invalid = await post([
      { operation: "payments.create", status: 500 },
      { operation: "payments.teleport", status: 500 },
    ]);
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: { field: string }[] }).errors[0].field).toBe("operation");
    const conflicting = await post({ operation: "payments.create", status: 500, timeout_after_commit: true });
    expect(conflicting.status).toBe(400);
    expect(sim.faults.list()).toHaveLength(2); // a refused batch adds nothing

    expect((await fetch(`${sim.url}/sim/faults`, { method: "DELETE" })).status).toBe(200);
    expect(sim.faults.list()).toEqual([]);
  });

  it("charges the outcome-unknown test card and never answers, until the same request is retried", async () => {
    const orderId = await newOrder();
    const tokenized = await fetch(`${sim.url}/v2/sim-web-payments/tokenize`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        card_number: "4000000000000119",
        expiration_date: "12/40",
        cvv: "123",
        postal_code: "94103",
      }),
    });
    const { token } = (await tokenized.json()) as { token: string };
    const request: Square.CreatePaymentRequest = {
      sourceId: token,
      idempotencyKey: crypto.randomUUID(),
      amountMoney: { amount: 1200n, currency: "USD" },
      orderId,
    };

    expect(isSdkTimeout(await outcome(impatient.payments.create(request)))).toBe(true);
    expect(sim.capturedByOrder()).toEqual({ [orderId]: 1 });
    const { payment } = await client.payments.create(request);
    expect(payment).toMatchObject({ status: "COMPLETED", orderId, cardDetails: { card: { last4: "0119" } } });
    expect(sim.ledger()).toHaveLength(1);
  });

  describe("webhook delivery", () => {
    async function payAndDeliver(): Promise<string[]> {
      await client.payments.create({
        sourceId: "cnon:card-nonce-ok",
        idempotencyKey: crypto.randomUUID(),
        amountMoney: { amount: 900n, currency: "USD" },
      });
      await sim.waitForWebhooks();
      return receiver.received.map(({ event }) => event.type);
    }

    it("drops events: never sent, logged as dropped", async () => {
      sim.webhookFaults.set({ drop_rate: 1 });
      expect(await payAndDeliver()).toEqual([]);
      expect(sim.webhookLog().map((entry) => [entry.type, entry.status, entry.attempts])).toEqual([
        ["payment.created", "dropped", 0],
        ["payment.updated", "dropped", 0],
        ["order.updated", "dropped", 0],
      ]);
    });

    it("duplicates events: the same body and signature two or three times", async () => {
      sim.webhookFaults.set({ duplicate_rate: 1, seed: 7 });
      const types = await payAndDeliver();
      for (const type of ["payment.created", "payment.updated", "order.updated"]) {
        const copies = receiver.received.filter(({ event }) => event.type === type);
        expect(copies.length).toBeGreaterThanOrEqual(2);
        expect(copies.length).toBeLessThanOrEqual(3);
        expect(new Set(copies.map(({ body }) => body)).size).toBe(1);
        expect(new Set(copies.map(({ headers }) => headers["x-square-hmacsha256-signature"])).size).toBe(1);
      }
      expect(sim.webhookLog().filter((entry) => entry.copy !== undefined)).toHaveLength(types.length - 3);
    });

    it("reorders queued events, the same way for the same seed", async () => {
      const natural = ["payment.created", "payment.updated", "order.updated"];
      const run = async () => {
        sim.reset();
        receiver.clear();
        sim.webhookFaults.set({ reorder: true, seed: "shuffle" });
        return payAndDeliver();
      };
      const first = await run();
      expect([...first].sort()).toEqual([...natural].sort());
      expect(first).not.toEqual(natural);
      expect(await run()).toEqual(first);
    });

    it("delays each delivery", async () => {
      sim.webhookFaults.set({ delay_ms: 60 });
      const started = Date.now();
      expect(await payAndDeliver()).toEqual(["payment.created", "payment.updated", "order.updated"]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(170);
    });

    it("is configured over HTTP too, and validated", async () => {
      const post = (body: unknown) =>
        fetch(`${sim.url}/sim/webhook-faults`, { method: "POST", body: JSON.stringify(body) });
      expect(await (await post({ drop_rate: 0.25, seed: 1 })).json()).toEqual({ drop_rate: 0.25, seed: 1 });
      expect((await post({ drop_rate: 2 })).status).toBe(400);
      expect((await post({ shuffle: true })).status).toBe(400);
      expect(await (await fetch(`${sim.url}/sim/webhook-faults`)).json()).toEqual({ drop_rate: 0.25, seed: 1 });
      await fetch(`${sim.url}/sim/webhook-faults`, { method: "DELETE" });
      expect(sim.webhookFaults.get()).toEqual({});
    });
  });
});
