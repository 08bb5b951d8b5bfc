// Refunds: staff ask for one (recorded and queued in one transaction), a job sends it to Square with
// the refund's id as idempotency key, and Square's answer or webhook completes it.
import type { TransactionSql } from "postgres";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";
import { isSquareError } from "./square.server";
import { refundPayment, type SquareRefund } from "./square-payments.server";

export interface RefundRow {
  id: string;
  orderId: number;
  amountCents: number;
  currency: string;
  reason: string;
  status: "requested" | "pending" | "completed" | "failed";
  squareRefundId: string | null;
  squarePaymentId: string;
  errorMessage: string | null;
  createdAt: Date;
}

const refundColumns = sql`
  r.id, r.order_id as "orderId", r.amount_cents as "amountCents", r.currency, r.reason, r.status,
  r.square_refund_id as "squareRefundId", p.square_payment_id as "squarePaymentId",
  r.error_message as "errorMessage", r.created_at as "createdAt"`;

export async function requestRefund(orderId: number, amountCents: number, reason: string, audit: AuditContext) {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [refund] = await tx<{ id: string }[]>`select id from request_refund(${orderId}, ${amountCents}, ${reason}, ${audit.admin.id})`;
    await recordAudit(tx, audit, {
      action: "refund.request",
      subjectType: "order",
      subjectId: orderId,
      after: { refund_id: refund.id, amount_cents: amountCents, reason },
    });
    return refund.id;
  });
}

export async function refundsForOrder(orderId: number) {
  return sql<RefundRow[]>`
    select ${refundColumns} from refunds r join payments p on p.id = r.payment_id
     where r.order_id = ${orderId} order by r.created_at`;
}

export async function refundableCents(orderId: number): Promise<number> {
  const [{ cents }] = await sql<{ cents: number }[]>`select refundable_cents(${orderId}) as cents`;
  return cents;
}

/** Applies Square's word on a refund, in a transaction tagged with the originating request id. */
export async function applySquareRefund(refundId: string | null, refund: SquareRefund, requestId?: string) {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, requestId);
    return applyInTransaction(tx, refundId, refund);
  });
}

async function applyInTransaction(tx: TransactionSql<{ bigint: number }>, refundId: string | null, refund: SquareRefund) {
  const [{ outcome }] = await tx<{ outcome: string }[]>`
    select apply_square_refund(${refundId}, ${refund.id}, ${refund.paymentId}, ${refund.status}, ${refund.amountCents}) as outcome`;
  return outcome;
}

/** Sends a requested refund to Square (again, safely, if an earlier try's answer was lost). */
export async function sendRefund(refundId: string, requestId?: string): Promise<string> {
  const [refund] = await sql<RefundRow[]>`
    select ${refundColumns} from refunds r join payments p on p.id = r.payment_id where r.id = ${refundId}`;
  if (!refund || refund.status === "completed" || refund.status === "failed") return "nothing_to_do";
  try {
    const answer = await refundPayment({
      idempotencyKey: refund.id,
      paymentId: refund.squarePaymentId,
      amountCents: refund.amountCents,
      currency: refund.currency,
      reason: refund.reason,
    });
    return applySquareRefund(refund.id, answer, requestId);
  } catch (error) {
    if (isSquareError(error) && error.statusCode !== undefined && error.statusCode < 500 && error.statusCode !== 429) {
      const detail = error.errors[0]?.detail ?? error.message;
      await sql`select fail_refund(${refund.id}, ${detail})`;
      return "refused";
    }
    throw error;
  }
}
