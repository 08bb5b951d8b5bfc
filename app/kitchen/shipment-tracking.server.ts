// Staff add or correct a shipped order's carrier and tracking number from its admin page:
// set_order_tracking changes the order (and may email the customer) in the transaction that also
// writes the audit row. Marking an order shipped with its tracking is advance_order (board.server.ts).
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";
import { recordAudit, type AuditContext } from "~/ops/audit.server";

interface Tracking {
  carrier: string | null;
  trackingNumber: string | null;
}

export async function setOrderTracking(
  orderId: number,
  input: Tracking & { emailCustomer: boolean },
  audit: AuditContext,
): Promise<{ changed: boolean; after: Tracking }> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [{ outcome }] = await tx<{ outcome: { changed: boolean; before: Tracking; after: Tracking } }[]>`
      select set_order_tracking(${orderId}, ${input.carrier}, ${input.trackingNumber}, ${audit.admin.id}, ${input.emailCustomer}) as outcome`;
    if (outcome.changed) {
      await recordAudit(tx, audit, {
        action: "order.tracking",
        subjectType: "order",
        subjectId: orderId,
        before: { ...outcome.before },
        after: { ...outcome.after, emailCustomer: input.emailCustomer },
      });
    }
    return { changed: outcome.changed, after: outcome.after };
  });
}
