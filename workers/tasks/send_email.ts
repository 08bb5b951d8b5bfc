// Sends one outbox email (SMTP, or the outbox itself in development) and records that it went.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { sql } from "~/lib/db.server";
import { deliver, emailTransportName, type RenderedEmail } from "~/lib/email.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { isKitchenTemplate, renderKitchenEmail, renderUnacceptedOrderAlert } from "~/kitchen/kitchen-emails.server";
import { isStaffTemplate, renderStaffEmail } from "~/accounts/staff-emails.server";
import { CUSTOMER_SIGN_IN_TEMPLATE, renderCustomerSignIn } from "~/accounts/customer-emails.server";
import { renderIncidentEmail } from "~/ops/incident-emails.server";
import { renderOwnerSummary } from "~/insights/summary-emails.server";
import { renderLatePaymentRefunded } from "~/payments/payment-emails.server";
import { renderOrderConfirmation, renderPaymentLink, renderRefundConfirmation } from "~/ordering/order-emails.server";

// `token`: an invite's, reset's or customer sign-in's one-time link, and `code` a customer's sign-in
// code, which only the job carries (the database keeps their hashes).
const payloadSchema = z.object({
  email_id: z.number().int().positive(),
  token: z.string().min(20).optional(),
  code: z.string().regex(/^\d{6}$/).optional(),
  request_id: z.string().optional(),
});

interface OutboxRow {
  id: number;
  template: string;
  orderId: number | null;
  orderEventId: number | null;
  refundId: string | null;
  staffInviteId: number | null;
  incidentId: number | null;
  summaryEmailId: number | null;
  signInCodeId: number | null;
}

/** The email, and what the outbox keeps of it once SMTP has it (by default, all of it). */
async function render(email: OutboxRow, token: string | undefined, code: string | undefined): Promise<RenderedEmail & { kept?: RenderedEmail }> {
  if (email.template.startsWith("owner_incident_") && email.incidentId !== null) {
    return renderIncidentEmail(email.incidentId, email.template, env.publicUrl);
  }
  if (email.template === "owner_summary" && email.summaryEmailId !== null) {
    return renderOwnerSummary(email.summaryEmailId, env.publicUrl);
  }
  if (isStaffTemplate(email.template) && email.staffInviteId !== null && token) {
    return renderStaffEmail(email.staffInviteId, token, env.publicUrl);
  }
  if (email.template === CUSTOMER_SIGN_IN_TEMPLATE && email.signInCodeId !== null && token && code) {
    return renderCustomerSignIn(email.signInCodeId, code, token, env.publicUrl);
  }
  if (email.template === "payment_link" && email.orderId !== null && email.orderEventId !== null) {
    return renderPaymentLink(email.orderId, email.orderEventId, env.publicUrl);
  }
  if (email.template === "order_confirmation" && email.orderId !== null) {
    return renderOrderConfirmation(email.orderId, env.publicUrl);
  }
  if (email.template === "refund_confirmation" && email.refundId !== null) {
    return renderRefundConfirmation(email.refundId, env.publicUrl);
  }
  if (email.template === "owner_late_payment_refunded" && email.orderId !== null && email.refundId !== null) {
    return renderLatePaymentRefunded(email.orderId, email.refundId, env.publicUrl);
  }
  if (email.template === "owner_unaccepted_order" && email.orderId !== null) {
    return renderUnacceptedOrderAlert(email.orderId, env.publicUrl);
  }
  if (isKitchenTemplate(email.template) && email.orderId !== null) {
    return renderKitchenEmail(email.template, email.orderId, env.publicUrl, email.orderEventId);
  }
  throw new Error(`email ${email.id}: cannot render template ${email.template} from what it refers to`);
}

function outboxIsTheDelivery() {
  return emailTransportName === "outbox";
}

export const send_email: Task = async (rawPayload, helpers) => {
  const payload = payloadSchema.parse(rawPayload);
  const log = logger.child({ task: "send_email", jobId: helpers.job.id, emailId: payload.email_id, requestId: payload.request_id });
  const [email] = await sql<(OutboxRow & { toAddress: string | null; status: string })[]>`
    select id, template, to_address as "toAddress", order_id as "orderId", order_event_id as "orderEventId",
           refund_id as "refundId", staff_invite_id as "staffInviteId", incident_id as "incidentId",
           summary_email_id as "summaryEmailId", sign_in_code_id as "signInCodeId", status
      from email_outbox where id = ${payload.email_id}`;
  // An erased customer's address is gone (erase_customer): nothing to send it to.
  if (!email || email.status === "sent" || email.toAddress === null) return;
  const rendered = await render(email, payload.token, payload.code);
  // Without SMTP the outbox is the delivery and keeps everything; with it, a one-time link stays out.
  const kept = outboxIsTheDelivery() ? rendered : (rendered.kept ?? rendered);
  try {
    const messageId = await deliver(email.toAddress, rendered);
    await sql`
      update email_outbox
         set status = 'sent', transport = ${emailTransportName}, message_id = ${messageId},
             subject = ${kept.subject}, text_body = ${kept.text}, html_body = ${kept.html},
             sent_at = now(), last_error = null
       where id = ${email.id} and status <> 'sent'`;
    log.info({ transport: emailTransportName }, "email sent");
  } catch (error) {
    const exhausted = helpers.job.attempts >= helpers.job.max_attempts;
    await sql`
      update email_outbox set last_error = ${error instanceof Error ? error.message : String(error)},
             status = ${exhausted ? "failed" : "queued"}
       where id = ${email.id}`;
    throw error;
  }
};
