// bench/results/latest.json and latest.md: every comparison as value, baseline, ratio and unit.
import type { BenchmarkResult, Settings } from "./context";

export interface Report {
  generatedAt: string;
  totalSeconds: number;
  machine: Record<string, string | number>;
  settings: Settings;
  loadGenerator: string;
  results: BenchmarkResult[];
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  return value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toPrecision(2);
}

const ORDER: BenchmarkResult["id"][] = ["menu", "pages", "menujs", "checkout", "webhooks", "drain", "plan", "limiter", "dashboard", "dropday", "lighthouse"];

export function markdown(report: Report): string {
  const results = [...report.results].sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
  const lines = [
    `## Larder benchmarks — ${report.generatedAt}`,
    "",
    "| # | Benchmark | Metric | Larder | Baseline | Ratio (Larder / baseline) | Unit | Goal |",
    "|---|---|---|---:|---:|---:|---|---|",
  ];
  for (const result of results) {
    const number = ORDER.indexOf(result.id) + 1;
    if (typeof result.details.skipped === "string") lines.push(`| ${number} | ${result.title} | skipped: ${result.details.skipped} | | | | | |`);
    result.comparisons.forEach((c, i) => {
      const better = c.higherIsBetter ? "higher is better" : "lower is better";
      lines.push(
        `| ${i === 0 ? number : ""} | ${i === 0 ? result.title : ""} | ${c.metric} (${better}) | ${formatNumber(c.value)} | ${formatNumber(c.baseline)} | ${formatRatio(c.ratio)} | ${c.unit} | ${c.goal ? `${c.goal.text}: ${c.goal.met ? "met" : "**not met**"}` : ""} |`,
      );
    });
  }
  lines.push("", "What each row compares:", "");
  for (const result of results) {
    lines.push(`${ORDER.indexOf(result.id) + 1}. **${result.title}** — Larder: ${result.ours}. Baseline: ${result.baseline}.`);
  }
  for (const result of results) {
    if (result.extra) lines.push("", result.extra);
  }
  const s = report.settings;
  lines.push(
    "",
    `Settings: ${s.durationS} s per measurement (after ${s.warmupS} s warm-up for HTTP and checkout); ` +
      `HTTP load ${report.loadGenerator}, ${s.httpThreads} threads, ${s.httpConnections} connections (menu), ` +
      `${s.webhookConnections} (webhooks); checkout concurrency ${s.checkoutConcurrency}; ${s.drainJobs} jobs drained; ` +
      `pgbench -M prepared, ${s.pgbenchThreads} threads.`,
    `Machine: ${Object.entries(report.machine).map(([k, v]) => `${k} ${v}`).join("; ")}.`,
    `Whole run: ${report.totalSeconds.toFixed(0)} s.`,
    "",
  );
  return lines.join("\n");
}
