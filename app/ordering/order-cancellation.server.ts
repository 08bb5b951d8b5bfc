// Staff cancel an order that was never paid: cancel_unpaid_order releases its stock, slot or window
// and promo code use in the same transaction as the audit row.
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";

export async function cancelUnpaidOrder(orderId: number, reason: string, audit: AuditContext): Promise<void> {
  await sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    await tx`select cancel_unpaid_order(${orderId}, ${reason})`;
    await recordAudit(tx, audit, {
      action: "order.cancel",
      subjectType: "order",
      subjectId: orderId,
      before: { state: "pending_payment" },
      after: { state: "cancelled", reason: reason.trim() },
    });
  });
}
