// Email delivery: through SMTP when SMTP_URL is set, otherwise the outbox table is the delivery (the
// admin reads it there, in development). What an email says is rendered by its domain, e.g.
// ordering/order-emails.server.ts; the send_email task joins the two. nodemailer is loaded by the
// first email sent, not by every process that imports this module (docs/decisions/022).
import type { Transporter } from "nodemailer";
import { sql } from "./db.server";
import { env } from "./env.server";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

let transport: Promise<Transporter> | null = null;
function smtpTransport(url: string): Promise<Transporter> {
  return (transport ??= import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(url)));
}

export const emailTransportName = env.SMTP_URL ? "smtp" : "outbox";

// Hands a rendered message to SMTP; returns the server's message id. Null when there is no SMTP
// transport and the outbox table is the delivery.
export async function deliver(to: string, email: RenderedEmail): Promise<string | null> {
  if (!env.SMTP_URL) return null;
  const info = await (await smtpTransport(env.SMTP_URL)).sendMail({ from: env.EMAIL_FROM, to, subject: email.subject, text: email.text, html: email.html });
  return info.messageId;
}

export interface OutboxEmail {
  id: number;
  /** null once the customer was erased. */
  toAddress: string | null;
  subject: string | null;
  textBody: string | null;
  status: string;
  transport: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The newest emails, sent or waiting, for the admin's outbox. */
export function listOutbox(limit: number) {
  return sql<OutboxEmail[]>`
    select id, to_address as "toAddress", subject, text_body as "textBody", status, transport,
           created_at as "createdAt", sent_at as "sentAt"
      from email_outbox order by created_at desc, id desc limit ${limit}`;
}
