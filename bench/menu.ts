// 1. The menu page: `GET /` of the running app vs a bare node:http server sending the very bytes the
// app rendered, both under the same wrk load.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../tests/support/app-process";
import { compare, latencyComparisons, type BenchmarkResult, type Context } from "./lib/context";
import { BenchError, startNodeProcess, waitForHttp } from "./lib/proc";
import { runWrk, type WrkResult } from "./lib/wrk";

export async function benchMenu(ctx: Context): Promise<BenchmarkResult> {
  const { settings } = ctx;
  const response = await fetch(`${ctx.app.url}/`);
  const body = Buffer.from(await response.arrayBuffer());
  const contentType = response.headers.get("content-type") ?? "text/html; charset=utf-8";
  if (response.status !== 200 || !body.toString("utf8").includes("Beef Criolla")) {
    throw new BenchError(`GET / of the app answered ${response.status} without the seeded menu; cannot benchmark it`);
  }
  const bodyFile = path.join(ctx.tmpDir, "menu.html");
  writeFileSync(bodyFile, body);

  const port = await freePort();
  const bare = startNodeProcess("bench/bare-server.ts", [bodyFile, contentType, String(port)], { ...process.env }, path.join(ctx.tmpDir, "bare-server.log"));
  try {
    const bareUrl = `http://127.0.0.1:${port}/`;
    await waitForHttp(bareUrl, bare, "the bare node:http server", 30_000);

    const load = (url: string, durationS: number, label: string): Promise<WrkResult> =>
      runWrk({ url, threads: settings.httpThreads, connections: settings.httpConnections, durationS, script: "report.lua", label });

    if (settings.warmupS > 0) {
      ctx.log(`menu: warming up both servers (${settings.warmupS} s each)`);
      await load(`${ctx.app.url}/`, settings.warmupS, "menu warm-up (app)");
      await load(bareUrl, settings.warmupS, "menu warm-up (bare server)");
    }
    ctx.log(`menu: app GET / for ${settings.durationS} s`);
    const ours = await load(`${ctx.app.url}/`, settings.durationS, "menu (app)");
    ctx.log(`menu: bare node:http for ${settings.durationS} s`);
    const baseline = await load(bareUrl, settings.durationS, "menu (bare server)");

    return {
      id: "menu",
      title: "Menu page `GET /`",
      ours: "the built app (server.ts, NODE_ENV=production) rendering the seeded menu from Postgres",
      baseline: `a bare node:http server sending the same ${body.length} bytes`,
      comparisons: [
        compare("throughput", "req/s", ours.requestsPerSecond, baseline.requestsPerSecond, true),
        ...latencyComparisons(ours.latencyMs, baseline.latencyMs),
      ],
      details: { bodyBytes: body.length, contentType, ours, baseline },
    };
  } finally {
    await bare.stop();
  }
}
