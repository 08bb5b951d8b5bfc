// Refunds on real parts: staff ask, the refund_payment job sends it to Square with the refund's id as
// idempotency key, Square's refund webhooks complete it, the order becomes partially_refunded then
// refunded, and the customer gets one email per refund.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardToken, startAppHarness, type AppHarness } from "../../support/app-harness";
import { readReceivedEmails } from "../../support/smtp-sink";

let harness: AppHarness;
let audit: import("~/ops/audit.server").AuditContext;

beforeAll(async () => {
  harness = await startAppHarness({ receiveWebhooks: true, simulator: { refundCompletionDelayMs: 20 } });
  const [admin] = await harness.database.sql<{ id: number; email: string }[]>`
    insert into admin_users (email, password_hash) values ('owner@example.com', 'scrypt$x') returning id, email`;
  audit = { admin: { ...admin, name: "", role: "owner" }, requestId: "refund-test", ip: null };
});

afterAll(async () => {
  await harness?.stop();
});

async function orderState(orderId: number) {
  const [row] = await harness.database.sql<{ state: string }[]>`select state from orders where id = ${orderId}`;
  return row.state;
}

async function settle() {
  await harness.drainJobs();
  await harness.simulator.waitForWebhooks();
  await harness.drainJobs();
}

describe("refunds", () => {
  it("refunds part, then the rest, through Square, emailing the customer each time", async () => {
    const orderId = await harness.placeOrder("refund-me@example.com"); // 2 × $49.00 + 8.25 % tax = $106.08
    expect(await harness.modules.payments.payOrderWithCard(orderId, await cardToken(harness.simulator, "4111111111111111"))).toEqual({ kind: "paid" });
    await settle();

    const { requestRefund, refundsForOrder } = await import("~/payments/refunds.server");
    await requestRefund(orderId, 1_000, "One empanada was burnt", audit);
    await settle();
    expect(await orderState(orderId)).toBe("partially_refunded");
    expect((await refundsForOrder(orderId)).map((refund) => refund.status)).toEqual(["completed"]);

    await requestRefund(orderId, 9_608, "Order cancelled by the shop", audit);
    await settle();
    expect(await orderState(orderId)).toBe("refunded");

    const ledgerRefunds = harness.simulator.refunds();
    expect(ledgerRefunds.map((refund) => [refund.amount, refund.status])).toEqual([[1_000, "COMPLETED"], [9_608, "COMPLETED"]]);
    const emails = readReceivedEmails(harness.mailDir).filter((email) => email.subject.startsWith("Refund of"));
    expect(emails.map((email) => email.subject).sort()).toEqual(["Refund of $10.00 for order #1001", "Refund of $96.08 for order #1001"]);
    const audited = await harness.database.sql`select action from audit_log where action = 'refund.request'`;
    expect(audited).toHaveLength(2);
  });

  it("sends a refund once even when its job runs again after a lost answer", async () => {
    const orderId = await harness.placeOrder("refund-twice@example.com");
    await harness.modules.payments.payOrderWithCard(orderId, await cardToken(harness.simulator, "4111111111111111"));
    await settle();
    harness.simulator.faults.add({ operation: "refunds.create", timeout_after_commit: true, count: 1, hang_ms: 50 });
    const { requestRefund } = await import("~/payments/refunds.server");
    const refundId = await requestRefund(orderId, 500, "Missing salsa", audit);
    await settle();
    harness.simulator.faults.clear();
    const sent = harness.simulator.refunds().filter((refund) => refund.reason === "Missing salsa");
    expect(sent).toHaveLength(1);
    const [row] = await harness.database.sql`select status, square_refund_id from refunds where id = ${refundId}`;
    expect(row).toEqual({ status: "completed", square_refund_id: sent[0].id });
    expect(await orderState(orderId)).toBe("partially_refunded");
  });
});

describe("refunds Square refuses", () => {
  for (const outcome of ["REJECTED", "FAILED"] as const) {
    it(`records a ${outcome} refund as failed, leaves the order paid and the amount refundable again`, async () => {
      const orderId = await harness.placeOrder(`refund-${outcome.toLowerCase()}@example.com`);
      await harness.modules.payments.payOrderWithCard(orderId, await cardToken(harness.simulator, "4111111111111111"));
      await settle();
      const { requestRefund, refundableCents } = await import("~/payments/refunds.server");
      const refundable = await refundableCents(orderId);
      harness.simulator.configure({ refundOutcome: outcome });
      try {
        const refundId = await requestRefund(orderId, 700, `Refused ${outcome}`, audit);
        await settle();
        const [row] = await harness.database.sql<{ status: string }[]>`select status from refunds where id = ${refundId}`;
        expect(row.status).toBe("failed");
      } finally {
        harness.simulator.configure({ refundOutcome: "COMPLETED" });
      }
      expect(harness.simulator.refunds().find((refund) => refund.reason === `Refused ${outcome}`)?.status).toBe(outcome);
      expect(await orderState(orderId)).toBe("paid");
      expect(await refundableCents(orderId)).toBe(refundable);
    });
  }
});

describe("refund reconciliation", () => {
  it("completes a refund whose completion webhook was lost", async () => {
    const orderId = await harness.placeOrder("refund-lost-webhook@example.com");
    await harness.modules.payments.payOrderWithCard(orderId, await cardToken(harness.simulator, "4111111111111111"));
    await settle();
    harness.simulator.webhookFaults.set({ drop_rate: 1 });
    const { requestRefund } = await import("~/payments/refunds.server");
    const refundId = await requestRefund(orderId, 300, "Lost in the post", audit);
    await settle();
    harness.simulator.webhookFaults.clear();
    const [pending] = await harness.database.sql`select status from refunds where id = ${refundId}`;
    expect(pending.status).toBe("pending");

    await harness.database.sql`update refunds set updated_at = now() - interval '3 minutes' where id = ${refundId}`;
    const report = await harness.modules.reconciliation.reconcilePayments();
    expect(report.refundsChecked).toBe(1);
    const [done] = await harness.database.sql`select status from refunds where id = ${refundId}`;
    expect(done.status).toBe("completed");
    expect(await orderState(orderId)).toBe("partially_refunded");
  });
});
