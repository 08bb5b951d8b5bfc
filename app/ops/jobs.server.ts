// The admin's view of graphile-worker's queue, read through its public `graphile_worker.jobs` view
// and changed only through its admin functions (the ones WorkerUtils wraps).
import { recordAudit, type AuditContext } from "./audit.server";
import { sql } from "~/lib/db.server";

export interface TaskQueueCounts {
  taskIdentifier: string;
  /** Ready to run now. */
  queued: number;
  /** Waiting for a later run_at: new jobs scheduled ahead, and failed jobs backing off before a retry. */
  scheduled: number;
  /** Locked by a worker. */
  running: number;
  /** attempts >= max_attempts: the worker will not try again unless someone retries it. */
  permanentlyFailed: number;
}

export interface FailedJob {
  id: number;
  taskIdentifier: string;
  attempts: number;
  maxAttempts: number;
  lastError: string;
  runAt: Date;
  updatedAt: Date;
  running: boolean;
  permanentlyFailed: boolean;
}

export interface JobQueue {
  tasks: TaskQueueCounts[];
  /** Seconds the oldest ready job has been waiting since its run_at; null when none is waiting. */
  oldestQueuedSeconds: number | null;
  recentFailures: FailedJob[];
}

const RECENT_FAILURES = 50;

export async function getJobQueue(): Promise<JobQueue> {
  const [tasks, [oldest], recentFailures] = await Promise.all([
    sql<TaskQueueCounts[]>`
      select task_identifier as "taskIdentifier",
             count(*) filter (where locked_at is null and attempts < max_attempts and run_at <= now())::int as queued,
             count(*) filter (where locked_at is null and attempts < max_attempts and run_at > now())::int as scheduled,
             count(*) filter (where locked_at is not null)::int as running,
             count(*) filter (where locked_at is null and attempts >= max_attempts)::int as "permanentlyFailed"
        from graphile_worker.jobs
       group by task_identifier
       order by task_identifier`,
    sql<{ seconds: number | null }[]>`
      select extract(epoch from now() - min(run_at))::float8 as seconds
        from graphile_worker.jobs
       where locked_at is null and attempts < max_attempts and run_at <= now()`,
    sql<FailedJob[]>`
      select id, task_identifier as "taskIdentifier", attempts, max_attempts as "maxAttempts",
             last_error as "lastError", run_at as "runAt", updated_at as "updatedAt",
             locked_at is not null as running,
             locked_at is null and attempts >= max_attempts as "permanentlyFailed"
        from graphile_worker.jobs
       where last_error is not null
       order by updated_at desc, id desc
       limit ${RECENT_FAILURES}`,
  ]);
  return { tasks, oldestQueuedSeconds: oldest?.seconds ?? null, recentFailures };
}

/**
 * Runs a job again now with a fresh set of attempts (graphile_worker.reschedule_jobs). False when
 * there is no such job or a worker holds it: a running job cannot be rescheduled.
 */
export async function retryJobNow(jobId: number, audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rescheduled = await tx`
      select id from graphile_worker.reschedule_jobs(array[${jobId}::bigint], run_at => now(), attempts => 0)`;
    if (rescheduled.length === 0) return false;
    const [job] = await tx<{ taskIdentifier: string }[]>`
      select task_identifier as "taskIdentifier" from graphile_worker.jobs where id = ${jobId}`;
    await recordAudit(tx, audit, { action: "job.retry", subjectType: "job", subjectId: jobId, after: { task: job.taskIdentifier } });
    return true;
  });
}
