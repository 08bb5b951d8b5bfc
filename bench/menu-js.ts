// The menu page's JavaScript: every script the HTML of `GET /` loads (module preloads and the entry
// module), each gzipped at level 9 as a CDN would send it, summed. Goal (issue 15): ≤ 100 kB.
import { gzipSync } from "node:zlib";
import { compare, type BenchmarkResult, type Context } from "./lib/context";
import { BenchError } from "./lib/proc";

const GOAL_KB = 100;

export async function benchMenuJs(ctx: Context): Promise<BenchmarkResult> {
  const response = await fetch(`${ctx.app.url}/`);
  const html = await response.text();
  if (response.status !== 200) throw new BenchError(`GET / answered ${response.status}; cannot measure its JavaScript`);
  const scripts = [...new Set(html.match(/\/build\/[\w./$-]+\.js/g) ?? [])];
  if (scripts.length === 0) throw new BenchError("GET / names no /build/*.js script; cannot measure its JavaScript");
  const files: Record<string, { bytes: number; gzipBytes: number }> = {};
  for (const script of scripts) {
    const body = Buffer.from(await (await fetch(`${ctx.app.url}${script}`)).arrayBuffer());
    files[script] = { bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
  }
  const gzipKb = Object.values(files).reduce((sum, file) => sum + file.gzipBytes, 0) / 1000;
  const rawKb = Object.values(files).reduce((sum, file) => sum + file.bytes, 0) / 1000;
  ctx.log(`menu-js: ${scripts.length} scripts, ${rawKb.toFixed(1)} kB, ${gzipKb.toFixed(1)} kB gzipped`);
  const size = compare("JavaScript (gzip)", "kB", gzipKb, GOAL_KB, false);
  return {
    id: "menujs",
    title: "Menu page JavaScript",
    ours: `the ${scripts.length} scripts GET / loads, gzipped (level 9) and summed (${rawKb.toFixed(1)} kB before gzip)`,
    baseline: `the goal, ${GOAL_KB} kB`,
    comparisons: [{ ...size, goal: { text: `≤ ${GOAL_KB} kB`, met: gzipKb <= GOAL_KB } }],
    details: { files, rawKb, gzipKb },
  };
}
