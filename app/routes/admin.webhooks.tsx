// The Square webhook inbox: what arrived, what became of it, and a replay for any event that
// should be processed again (processing is idempotent).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { replaySchema } from "~/payments/webhook-replay-form.server";
import { requireAdmin } from "~/accounts/auth.server";
import { FormError, Notice, SelectField } from "~/components/Field";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { readNotice } from "~/lib/session.server";
import { formatTimestamp } from "~/lib/time";
import {
  getWebhookInbox,
  parseWebhookFilter,
  replayWebhookEvent,
  webhookFilterSearch,
} from "~/payments/webhook-inbox.server";

export const meta: MetaFunction = () => [{ title: "Webhooks — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const filter = parseWebhookFilter(new URL(request.url).searchParams);
  const [{ nextBefore, ...inbox }, { notice, headers }] = await Promise.all([getWebhookInbox(filter), readNotice(request)]);
  const olderSearch = nextBefore ? webhookFilterSearch({ ...filter, before: nextBefore }) : null;
  return data({ ...inbox, filter, olderSearch, notice }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  // The form posts to the list's own URL, so its query string is the filter to go back to.
  const back = webhookFilterSearch(parseWebhookFilter(new URL(request.url).searchParams));
  return adminAction(request, replaySchema, async ({ id }) => {
    const eventId = await replayWebhookEvent(id, auditContext(admin, context));
    return done(`/admin/webhooks${back}`, `Event ${eventId} queued for replay.`);
  }, { fields: [] });
}

export default function AdminWebhooks() {
  // Everything comes from the loader: values of a .server module never reach the browser.
  const { counts, total, types, events, filter, olderSearch, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <>
      <h1>Webhooks</h1>
      <Notice message={notice} />
      <FormError message={failure?.formError} />
      <h2>Events by state</h2>
      <dl className="facts">
        {counts.map(({ state, count }) => (
          <Fragment key={state}>
            <dt><Link to={`?state=${state}`}>{state}</Link></dt>
            <dd>{count}</dd>
          </Fragment>
        ))}
      </dl>

      <Form method="get" className="filters">
        <SelectField label="State" name="state" defaultValue={filter.state ?? ""}>
          <option value="">All states</option>
          {counts.map(({ state }) => <option key={state} value={state}>{state}</option>)}
        </SelectField>
        <SelectField label="Type" name="type" defaultValue={filter.type ?? ""}>
          <option value="">All types</option>
          {types.map((type) => <option key={type} value={type}>{type}</option>)}
        </SelectField>
        <button type="submit">Filter</button>
      </Form>

      {total === 0 ? (
        <p>No webhooks yet.</p>
      ) : events.length === 0 ? (
        <p>No webhooks match these filters.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}><table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Received</th><th scope="col">Type</th><th scope="col">Event</th><th scope="col">State</th>
              <th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col"><span className="visually-hidden">Replay</span></th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>{formatTimestamp(event.receivedAt)}</td>
                <td>{event.type}</td>
                <th scope="row">
                  <code>{event.eventId}</code>
                  <details>
                    <summary>Payload</summary>
                    <pre>{JSON.stringify(event.payload, null, 2)}</pre>
                  </details>
                </th>
                <td><span className={`state state-${event.state}`}>{event.state}</span></td>
                <td>{event.attempts}</td>
                <td>{event.lastError ?? "—"}</td>
                <td>
                  {/* A received event is queued already. */}
                  {event.state !== "received" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="replay" />
                      <input type="hidden" name="id" value={event.id} />
                      <button type="submit" disabled={busy}>
                        Replay<span className="visually-hidden"> event {event.eventId}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      {olderSearch ? <p><Link to={olderSearch}>Older events</Link></p> : null}
    </>
  );
}
