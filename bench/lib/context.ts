// What every benchmark gets from bench/run.ts: the settings, the database server, the running app
// and simulator, a scratch directory, and a way to make more throwaway databases.
import type postgres from "postgres";
import type { SquareSimulator } from "../../dev/square-sim/server";
import type { Latency } from "./wrk";

export interface Settings {
  /** Seconds of each measured phase (every benchmark and its baseline). */
  durationS: number;
  /** Seconds of unrecorded load before each HTTP and checkout measurement. */
  warmupS: number;
  httpThreads: number;
  httpConnections: number;
  webhookConnections: number;
  checkoutConcurrency: number;
  drainJobs: number;
  pgbenchScale: number;
  pgbenchThreads: number;
}

export interface BenchDatabase {
  name: string;
  url: string;
}

export interface Context {
  settings: Settings;
  log(message: string): void;
  /** Scratch directory of this run (logs, generated requests); removed after a successful run. */
  tmpDir: string;
  /** A new empty database on the bench server, or a copy of `template`; dropped at teardown. */
  createDatabase(prefix: string, options?: { template?: string; migrated?: boolean }): Promise<BenchDatabase>;
  /** The migrated (not seeded) template every Larder database here is copied from. */
  templateDatabase: string;
  app: {
    url: string;
    database: BenchDatabase;
    /** A pool on the app's database, for checks. */
    sql: postgres.Sql;
    webhookUrl: string;
    webhookSignatureKey: string;
    logFile: string;
  };
  /** The Square simulator (in this process), with no webhook URL: events are logged, not sent. */
  simulator: SquareSimulator;
  /** Environment for a child that runs the app's modules against `databaseUrl`. */
  appEnvironment(databaseUrl: string, extra?: Record<string, string>): NodeJS.ProcessEnv;
}

export interface Comparison {
  /** e.g. "throughput" or "p95 latency". */
  metric: string;
  unit: string;
  value: number;
  baseline: number;
  /** value / baseline. */
  ratio: number;
  /** Whether a bigger number is better for this metric (throughput) or worse (latency). */
  higherIsBetter: boolean;
  /** The goal for this number, and whether this run met it. */
  goal?: { text: string; met: boolean };
}

export interface BenchmarkResult {
  id: "menu" | "pages" | "menujs" | "checkout" | "webhooks" | "drain" | "plan" | "limiter" | "dashboard" | "dropday" | "lighthouse";
  title: string;
  /** What "ours" measures, in one sentence. */
  ours: string;
  /** What the baseline measures, in one sentence. */
  baseline: string;
  comparisons: Comparison[];
  /** More of the result as markdown (a table of its own), printed after the main table. */
  extra?: string;
  /** Raw numbers of both sides (counts, durations, latencies, commands). */
  details: Record<string, unknown>;
}

export function compare(metric: string, unit: string, value: number, baseline: number, higherIsBetter: boolean): Comparison {
  return { metric, unit, value, baseline, ratio: baseline === 0 ? Number.NaN : value / baseline, higherIsBetter };
}

export function latencyComparisons(ours: Latency, baseline: Latency): Comparison[] {
  return (["p50", "p95", "p99"] as const).map((p) => compare(`${p} latency`, "ms", ours[p], baseline[p], false));
}
