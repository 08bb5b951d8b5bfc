// Carries the id of the request (or of the job's originating request) into a transaction, so the
// jobs its SQL functions enqueue carry it too and their log lines can be tied back to it.
import type { TransactionSql } from "postgres";

export async function tagTransaction(tx: TransactionSql<{ bigint: number }>, requestId: string | undefined) {
  if (requestId) await tx`select set_config('larder.request_id', ${requestId}, true)`;
}
