// Runs wrk with one of bench/wrk/*.lua, which prints a one-line JSON summary (wrk's own text output
// has no p95), and checks that the run had no errors.
import path from "node:path";
import { BenchError, ROOT, runCommand } from "./proc";

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface WrkResult {
  requests: number;
  durationS: number;
  requestsPerSecond: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  /** Milliseconds. */
  latencyMs: Latency;
  /** Times a thread ran out of prepared requests and started over (webhook script only). */
  wrapped: number;
}

export interface WrkOptions {
  url: string;
  threads: number;
  connections: number;
  durationS: number;
  script: "report.lua" | "webhooks.lua";
  scriptArgs?: string[];
  /** Request headers sent with every request. */
  headers?: Record<string, string>;
  /** What is measured, for error messages. */
  label: string;
}

export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const args = [
    "-t", String(options.threads),
    "-c", String(options.connections),
    "-d", `${options.durationS}s`,
    "--timeout", "10s",
    "-s", path.join(ROOT, "bench/wrk", options.script),
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
    options.url,
    ...(options.scriptArgs?.length ? ["--", ...options.scriptArgs] : []),
  ];
  const result = await runCommand("wrk", args, { timeoutMs: (options.durationS + 60) * 1000 });
  const line = result.stdout.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (result.code !== 0 || !line) {
    throw new BenchError(`wrk failed for ${options.label} (exit ${result.code ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  const raw = JSON.parse(line.slice("BENCH_JSON ".length)) as {
    requests: number;
    duration_us: number;
    bytes: number;
    errors: WrkResult["errors"];
    latency_us: Latency;
    wrapped: number;
  };
  const durationS = raw.duration_us / 1e6;
  const ms = (us: number) => us / 1000;
  const parsed: WrkResult = {
    requests: raw.requests,
    durationS,
    requestsPerSecond: raw.requests / durationS,
    bytes: raw.bytes,
    errors: raw.errors,
    latencyMs: {
      p50: ms(raw.latency_us.p50),
      p95: ms(raw.latency_us.p95),
      p99: ms(raw.latency_us.p99),
      max: ms(raw.latency_us.max),
      mean: ms(raw.latency_us.mean),
    },
    wrapped: raw.wrapped,
  };
  const { connect, read, write, status, timeout } = parsed.errors;
  if (parsed.requests === 0) throw new BenchError(`wrk completed no request for ${options.label}:\n${result.stdout}`);
  if (connect + read + write + status + timeout > 0) {
    throw new BenchError(
      `${options.label}: wrk saw errors (connect ${connect}, read ${read}, write ${write}, non-2xx/3xx ${status}, timeout ${timeout}) ` +
        `in ${parsed.requests} requests; a benchmark with failures is not a measurement.\n${result.stdout}`,
    );
  }
  return parsed;
}
