// The email outbox: every message the shop sent or kept (development keeps them here instead of SMTP).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/auth.server";
import { listOutbox } from "~/lib/email.server";
import { formatTimestamp } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Email outbox — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { emails: await listOutbox(100) };
}

export default function AdminOutbox() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Email outbox</h1>
      {emails.length === 0 ? <p>No email yet.</p> : null}
      {emails.map((email) => (
        <article key={email.id} className="panel email">
          <h2>{email.subject ?? "(not rendered yet)"}</h2>
          <p className="muted">
            To {email.toAddress} · {email.status}
            {email.transport ? ` via ${email.transport}` : ""} · {formatTimestamp(email.sentAt ?? email.createdAt)}
          </p>
          {email.textBody ? <pre>{email.textBody}</pre> : null}
        </article>
      ))}
    </>
  );
}
