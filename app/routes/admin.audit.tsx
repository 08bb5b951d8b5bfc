import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAudit } from "~/ops/audit.server";
import { requireAdmin } from "~/accounts/auth.server";
import { formatTimestamp } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Audit log — Admin" }];

const PAGE_SIZE = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const before = Number(new URL(request.url).searchParams.get("before")) || undefined;
  const entries = await listAudit({ limit: PAGE_SIZE, before });
  return { entries, nextBefore: entries.length === PAGE_SIZE ? entries.at(-1)?.id : undefined };
}

export default function AdminAudit() {
  const { entries, nextBefore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit log</h1>
      {entries.length === 0 ? <p>Nothing recorded yet.</p> : (
        <div className="table-scroll" tabIndex={0}><table className="admin-table">
          <thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Subject</th><th scope="col">Change</th><th scope="col">Request</th></tr></thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <th scope="row">{formatTimestamp(entry.createdAt)}</th>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>{entry.subjectType ? `${entry.subjectType} ${entry.subjectId ?? ""}` : "—"}</td>
                <td>
                  <details>
                    <summary>Before / after</summary>
                    <pre>{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre>
                  </details>
                </td>
                <td className="muted">{entry.requestId ?? "—"}{entry.ip ? ` from ${entry.ip}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      {nextBefore ? <p><Link to={`?before=${nextBefore}`}>Older entries</Link></p> : null}
    </>
  );
}
