// graphile-worker's queue: how much work waits per task, how long the oldest has waited, recent
// failures, and a retry for jobs the worker gave up on.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { retrySchema } from "~/ops/job-retry-form.server";
import { requireAdmin } from "~/accounts/auth.server";
import { FormError, Notice } from "~/components/Field";
import { adminAction, auditContext, done, refusal } from "~/lib/admin-action.server";
import { getJobQueue, retryJobNow } from "~/ops/jobs.server";
import { readNotice } from "~/lib/session.server";
import { formatTimestamp } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Jobs — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [queue, { notice, headers }] = await Promise.all([getJobQueue(), readNotice(request)]);
  return data({ ...queue, notice }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  return adminAction(request, retrySchema, async ({ jobId }) => {
    if (!(await retryJobNow(jobId, auditContext(admin, context)))) {
      return refusal(409, `Job #${jobId} cannot be retried: it has finished or a worker is running it.`);
    }
    return done("/admin/jobs", `Job #${jobId} will run again now.`);
  }, { fields: [] });
}

function formatAge(seconds: number): string {
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
}

export default function AdminJobs() {
  const { tasks, oldestQueuedSeconds, recentFailures, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Jobs</h1>
      <Notice message={notice} />
      <FormError message={failure?.formError} />
      <h2>Queue by task</h2>
      {tasks.length === 0 ? (
        <p>No jobs in the queue.</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Task</th><th scope="col">Queued</th><th scope="col">Scheduled</th>
              <th scope="col">Running</th><th scope="col">Failed permanently</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.taskIdentifier}>
                <th scope="row"><code>{task.taskIdentifier}</code></th>
                <td>{task.queued}</td>
                <td>{task.scheduled}</td>
                <td>{task.running}</td>
                <td>{task.permanentlyFailed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {oldestQueuedSeconds === null
          ? "No job is waiting to run."
          : `The oldest queued job has waited ${formatAge(oldestQueuedSeconds)}.`}
      </p>

      <h2>Recent failures</h2>
      {recentFailures.length === 0 ? (
        <p>No failed jobs.</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Job</th><th scope="col">Task</th><th scope="col">Attempts</th><th scope="col">Last error</th>
              <th scope="col">Run at</th><th scope="col"><span className="visually-hidden">Retry</span></th>
            </tr>
          </thead>
          <tbody>
            {recentFailures.map((job) => (
              <tr key={job.id}>
                <th scope="row">#{job.id}</th>
                <td><code>{job.taskIdentifier}</code></td>
                <td>{job.attempts}/{job.maxAttempts}</td>
                <td>{job.lastError}</td>
                <td>
                  {formatTimestamp(job.runAt)}
                  <div className="muted">{job.running ? "running" : job.permanentlyFailed ? "gave up" : "will retry"}</div>
                </td>
                <td>
                  {job.permanentlyFailed ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="retry" />
                      <input type="hidden" name="jobId" value={job.id} />
                      <button type="submit" disabled={busy}>
                        Retry now<span className="visually-hidden"> job #{job.id}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
