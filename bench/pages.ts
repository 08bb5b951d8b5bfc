// Pages vs bare Express: the menu (`GET /`), a product page and /healthz of the running app, each
// against a bare Express app sending the very bytes the app answered, under the same wrk load.
// Goals (issue 15): menu and product ≥ 0.10× bare Express, /healthz ≥ 0.5×. The menu and product
// pages are also measured against their framework ceiling (bench/ceiling-server.ts: the same Remix
// build, its loaders answering from memory what they returned once at start-up: no database, no
// session, no middleware): goal ≥ 0.8× the ceiling. A visitor without a cookie is served the page the
// app keeps (catalog/page-cache.server.ts); so each is measured again as rendered, sending a cookie
// that is not the app's (no session to read, nothing kept): what a customer with a cart is served.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../tests/support/app-process";
import { compare, type BenchmarkResult, type Comparison, type Context } from "./lib/context";
import { BenchError, startNodeProcess, startNodeProcessTunedAsProduction, waitForHttp } from "./lib/proc";
import { runWrk, type WrkResult } from "./lib/wrk";

const PAGES = [
  { name: "menu", path: "/", mustContain: "Beef Criolla", goal: 0.1, ceiling: true },
  { name: "product", path: "/products/beef-criolla", mustContain: "Beef Criolla", goal: 0.1, ceiling: true },
  { name: "/healthz", path: "/healthz", mustContain: "", goal: 0.5, ceiling: false },
] as const;
const CEILING_GOAL = 0.8;
const CEILING_ROUNDS = 3;

/** The run with the median throughput (of an odd number of runs). */
function medianRun(runs: WrkResult[]): WrkResult {
  return [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];
}

export async function benchPages(ctx: Context): Promise<BenchmarkResult> {
  const { settings } = ctx;
  const bareArgs: string[] = [];
  const bytes: Record<string, number> = {};
  for (const page of PAGES) {
    const response = await fetch(`${ctx.app.url}${page.path}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200 || !body.toString("utf8").includes(page.mustContain)) {
      throw new BenchError(`GET ${page.path} of the app answered ${response.status} without "${page.mustContain}"; cannot benchmark it`);
    }
    const file = path.join(ctx.tmpDir, `page-${page.name.replace(/\W/g, "")}.body`);
    writeFileSync(file, body);
    bytes[page.path] = body.length;
    bareArgs.push(page.path, file, response.headers.get("content-type") ?? "text/html; charset=utf-8");
  }

  const port = await freePort();
  const bare = startNodeProcess("bench/bare-express.ts", [String(port), ...bareArgs], { ...process.env }, path.join(ctx.tmpDir, "bare-express.log"));
  const ceilingPort = await freePort();
  // The build's modules read the app's environment when imported; its loaders query the app's
  // database once per page at start-up, never during the measurement. The same Node flags as the
  // app (npm start's --max-semi-space-size=4 and heap limit): with Node's defaults the ceiling was
  // 10–20% faster on this machine (a young generation four times larger, so fewer scavenges), the
  // speed npm start gives up for memory (docs/decisions/022), not a cost of Larder's own work.
  const ceiling = startNodeProcessTunedAsProduction("bench/ceiling-server.ts", [String(ceilingPort), ...PAGES.filter((p) => p.ceiling).map((p) => p.path)],
    ctx.appEnvironment(ctx.app.database.url, { PORT: String(ceilingPort) }), path.join(ctx.tmpDir, "ceiling-server.log"));
  try {
    const bareUrl = `http://127.0.0.1:${port}`;
    const ceilingUrl = `http://127.0.0.1:${ceilingPort}`;
    await waitForHttp(`${bareUrl}/healthz`, bare, "the bare Express app", 30_000);
    await waitForHttp(`${ceilingUrl}/healthz`, ceiling, "the framework-ceiling server", 60_000);
    // The ceiling renders the same page: same text, same size give or take the nonces.
    for (const page of PAGES.filter((p) => p.ceiling)) {
      const response = await fetch(`${ceilingUrl}${page.path}`);
      const html = await response.text();
      const size = Buffer.byteLength(html);
      if (response.status !== 200 || !html.includes(page.mustContain) || Math.abs(size - bytes[page.path]) > 0.02 * bytes[page.path]) {
        throw new BenchError(`the framework ceiling's GET ${page.path} answered ${response.status}, ${size} bytes (the app: ${bytes[page.path]}); not the same page`);
      }
      bytes[`${page.path} (ceiling)`] = size;
    }
    const load = (url: string, durationS: number, label: string, headers?: Record<string, string>): Promise<WrkResult> =>
      runWrk({ url, threads: settings.httpThreads, connections: settings.httpConnections, durationS, script: "report.lua", label, headers });
    const RENDERED = { Cookie: "bench_rendered=1" };

    const comparisons: Comparison[] = [];
    const details: Record<string, unknown> = { bytes };
    for (const page of PAGES) {
      if (settings.warmupS > 0) {
        await load(`${ctx.app.url}${page.path}`, settings.warmupS, `${page.name} warm-up (app)`);
        await load(`${bareUrl}${page.path}`, settings.warmupS, `${page.name} warm-up (bare Express)`);
      }
      ctx.log(`pages: app GET ${page.path} for ${settings.durationS} s, then bare Express`);
      const ours = await load(`${ctx.app.url}${page.path}`, settings.durationS, `${page.name} (app)`);
      const baseline = await load(`${bareUrl}${page.path}`, settings.durationS, `${page.name} (bare Express)`);
      const throughput = compare(`${page.name} throughput`, "req/s", ours.requestsPerSecond, baseline.requestsPerSecond, true);
      comparisons.push({ ...throughput, goal: { text: `≥ ${page.goal}× bare Express`, met: throughput.ratio >= page.goal } });
      comparisons.push(compare(`${page.name} p95 latency`, "ms", ours.latencyMs.p95, baseline.latencyMs.p95, false));
      if (!page.ceiling) {
        details[page.path] = { ours, baseline };
        continue;
      }
      if (settings.warmupS > 0) await load(`${ceilingUrl}${page.path}`, settings.warmupS, `${page.name} warm-up (framework ceiling)`);
      if (settings.warmupS > 0) await load(`${ctx.app.url}${page.path}`, settings.warmupS, `${page.name} warm-up (app, rendered)`, RENDERED);
      // The ceiling and the rendered page in turn, CEILING_ROUNDS times each, medians compared: one
      // run of each moved ±4 % from run to run, as much as the margin the goal is judged by.
      const ceilingRuns: WrkResult[] = [];
      const renderedRuns: WrkResult[] = [];
      for (let round = 1; round <= CEILING_ROUNDS; round++) {
        ctx.log(`pages: framework ceiling GET ${page.path}, then the app's rendered (a cookie, so not the kept page), ${settings.durationS} s each (round ${round} of ${CEILING_ROUNDS})`);
        ceilingRuns.push(await load(`${ceilingUrl}${page.path}`, settings.durationS, `${page.name} (framework ceiling, round ${round})`));
        renderedRuns.push(await load(`${ctx.app.url}${page.path}`, settings.durationS, `${page.name} (app, rendered, round ${round})`, RENDERED));
      }
      const ceilingRun = medianRun(ceilingRuns);
      const rendered = medianRun(renderedRuns);
      const vsCeiling = compare(`${page.name} throughput vs framework ceiling (median of ${CEILING_ROUNDS})`, "req/s", ours.requestsPerSecond, ceilingRun.requestsPerSecond, true);
      comparisons.push({ ...vsCeiling, goal: { text: `≥ ${CEILING_GOAL}× framework ceiling`, met: vsCeiling.ratio >= CEILING_GOAL } });
      const renderedVsCeiling = compare(`${page.name} rendered (with a cookie) vs framework ceiling (medians of ${CEILING_ROUNDS} runs in turn)`, "req/s", rendered.requestsPerSecond, ceilingRun.requestsPerSecond, true);
      comparisons.push({ ...renderedVsCeiling, goal: { text: `≥ ${CEILING_GOAL}× framework ceiling`, met: renderedVsCeiling.ratio >= CEILING_GOAL } });
      details[page.path] = { ours, baseline, ceiling: ceilingRun, rendered, ceilingRuns: ceilingRuns.map((run) => run.requestsPerSecond), renderedRuns: renderedRuns.map((run) => run.requestsPerSecond) };
    }
    return {
      id: "pages",
      title: "Menu, product and /healthz vs bare Express and the framework ceiling",
      ours: "the built app (server.ts, NODE_ENV=production) answering GET /, /products/beef-criolla and /healthz without a cookie (the kept page for the first two); and the two pages again with a cookie not the app's, rendered on each request",
      baseline: "a bare Express app (no middleware, no database) sending the same bytes for each path; for menu and product also the framework ceiling: the same Remix build through @remix-run/express, its loaders answering from memory what they returned once at start-up (no database, session or middleware), under npm start's Node flags as the app is",
      comparisons,
      details,
    };
  } finally {
    await bare.stop();
    await ceiling.stop();
  }
}
