// Runs pgbench against one database (given as a postgres:// URL, which pgbench accepts as its
// dbname) and reads its summary.
import { BenchError, runCommand } from "./proc";

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  /** Milliseconds, as pgbench reports it. */
  latencyAverageMs: number | null;
  command: string;
}

/** `pgbench -i` (the standard tables) at the given scale. */
export async function pgbenchInit(databaseUrl: string, scale: number): Promise<void> {
  const result = await runCommand("pgbench", ["-i", "-q", "-s", String(scale), databaseUrl], { timeoutMs: 300_000 });
  if (result.code !== 0) throw new BenchError(`pgbench -i failed (exit ${result.code ?? result.signal}):\n${result.stderr}${result.stdout}`);
}

export async function runPgbench(databaseUrl: string, args: string[], label: string, durationS: number): Promise<PgbenchResult> {
  const result = await runCommand("pgbench", [...args, databaseUrl], { timeoutMs: (durationS + 120) * 1000 });
  const output = result.stdout + result.stderr;
  const tps = /^tps = ([\d.]+)/m.exec(output)?.[1];
  const transactions = /number of transactions actually processed: (\d+)/.exec(output)?.[1];
  if (result.code !== 0 || !tps || !transactions) {
    throw new BenchError(`pgbench failed for ${label} (exit ${result.code ?? result.signal}):\n${output}`);
  }
  const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
  if (failed > 0) throw new BenchError(`pgbench reported ${failed} failed transactions for ${label}:\n${output}`);
  const latency = /latency average = ([\d.]+) ms/.exec(output)?.[1];
  return {
    tps: Number(tps),
    transactions: Number(transactions),
    failed,
    latencyAverageMs: latency ? Number(latency) : null,
    command: `pgbench ${args.join(" ")} <database>`,
  };
}
