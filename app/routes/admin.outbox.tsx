// The outbox: every email and text the shop sent or kept (without SMTP_URL or TWILIO_*, development
// keeps them here instead of sending), texts with what Twilio answered.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/auth.server";
import { listOutbox } from "~/lib/email.server";
import { listSmsOutbox, smsTransportName } from "~/lib/sms.server";
import { formatTimestamp } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Outbox — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [emails, texts] = await Promise.all([listOutbox(100), listSmsOutbox(100)]);
  return { emails, texts, smsTransport: smsTransportName };
}

const TEXT_LABELS: Record<string, string> = { order_ready: "Ready for pickup", order_out_for_delivery: "Out for delivery" };
const TEXT_STATUS: Record<string, string> = { queued: "pending", sent: "sent", delivered: "delivered", failed: "failed", undeliverable: "undeliverable" };

export default function AdminOutbox() {
  const { emails, texts, smsTransport } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Outbox</h1>
      <p><a href="#texts">Texts ({texts.length})</a> · <a href="#emails">Emails ({emails.length})</a></p>
      <section aria-labelledby="texts">
        <h2 id="texts">Texts</h2>
        {smsTransport === "outbox" ? <p className="hint">Twilio is not configured: texts are kept here and not sent.</p> : null}
        {texts.length === 0 ? <p>No text yet.</p> : null}
        {texts.map((text) => (
          <article key={text.id} className="panel sms">
            <h3>
              {TEXT_LABELS[text.template] ?? text.template}
              {text.orderNumber ? <> · <Link to={`/admin/orders/${text.orderNumber}`}>#{text.orderNumber}</Link></> : null}
            </h3>
            <p className="muted">
              To {text.toNumber ?? "(erased)"} · <strong>{TEXT_STATUS[text.status] ?? text.status}</strong>
              {text.transport ? ` via ${text.transport}` : ""} · {formatTimestamp(text.sentAt ?? text.createdAt)}
              {text.providerMessageSid ? <> · <code>{text.providerMessageSid}</code> ({text.providerStatus})</> : null}
            </p>
            {text.lastError ? <p className="field-error">{text.lastError}{text.status === "queued" ? ` — try ${text.attempts + 1} is on its way` : ""}</p> : null}
            {text.body === null ? <p className="muted">Text deleted (retention period or erasure).</p> : <pre>{text.body}</pre>}
          </article>
        ))}
      </section>
      <section aria-labelledby="emails">
        <h2 id="emails">Emails</h2>
        {emails.length === 0 ? <p>No email yet.</p> : null}
        {emails.map((email) => (
          <article key={email.id} className="panel email">
            <h3>{email.subject ?? "(not rendered yet)"}</h3>
            <p className="muted">
              To {email.toAddress ?? "(erased)"} · {email.status}
              {email.transport ? ` via ${email.transport}` : ""} · {formatTimestamp(email.sentAt ?? email.createdAt)}
            </p>
            {email.textBody ? <pre>{email.textBody}</pre> : null}
          </article>
        ))}
      </section>
    </>
  );
}
