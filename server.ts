// The HTTP server: Express in front of the Remix build, with request ids, one JSON log line per
// request, static files, the optional in-process worker and a graceful shutdown.
import { createRequestHandler } from "@remix-run/express";
import { clientIpOf } from "./app/lib/client-ip";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { pinoHttp } from "pino-http";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { sql } from "~/lib/db.server";
import { getMaintenance, maintenancePage, servedDuringMaintenance } from "~/ops/maintenance.server";
import { metrics, startMetricsServer } from "~/lib/metrics.server";
import { routeMatcher } from "~/ops/route-label.server";
import { isStopping, markStopping } from "~/lib/lifecycle.server";
import { shopName } from "~/fulfillment/shop.server";
import { limitPostsPerIp } from "~/ops/rate-limit.server";

const BUILD_PATH = path.resolve("build/index.js");
const MAX_BODY_BYTES = 1024 * 1024;

// Refuses request bodies declared over 1 MB with 413 before anything reads them. (Browsers' forms and
// Square's webhooks always declare their length.)
function limitBodySize(req: express.Request, res: express.Response, next: express.NextFunction) {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
    res.status(413).set("Connection", "close").type("text/plain").send("Request body too large (limit 1 MB).");
    return;
  }
  next();
}

// In development the build is re-imported whenever `remix watch` rewrites it.
async function loadBuild(): Promise<ServerBuild> {
  const version = env.NODE_ENV === "development" ? `?t=${statSync(BUILD_PATH).mtimeMs}` : "";
  return import(pathToFileURL(BUILD_PATH).href + version);
}

export function createApp(build: ServerBuild | (() => Promise<ServerBuild>)) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);

  // While stopping, answers ask clients not to reuse the connection, so none is cut mid-request.
  app.use((_req, res, next) => {
    if (isStopping()) res.set("Connection", "close");
    next();
  });

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers["x-request-id"];
        const id = typeof incoming === "string" && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
      autoLogging: { ignore: (req) => req.url === "/healthz" },
    }),
  );

  // One histogram sample per request, labelled with the route that served it.
  const routeOf = typeof build === "function" ? () => "development" : routeMatcher(build);
  app.use((req, res, next) => {
    const stop = metrics.httpRequestDuration.startTimer({ method: req.method });
    res.on("finish", () => {
      const matched = routeOf(req.path);
      const route = matched === "unmatched" && /\.[a-z0-9]+$/i.test(req.path) ? "static" : matched;
      stop({ route, status_code: String(res.statusCode) });
    });
    next();
  });
  app.use(limitBodySize);
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.use(limitPostsPerIp);

  app.use(async (req, res, next) => {
    if (servedDuringMaintenance(req.path)) return next();
    const maintenance = await getMaintenance().catch((error: unknown) => {
      // Fail open: a database hiccup must not take the shop down; Remix will report it properly.
      logger.warn({ err: error }, "could not read maintenance mode");
      return { enabled: false, message: null };
    });
    if (!maintenance.enabled) return next();
    res.status(503).set({ "Retry-After": "300", "Cache-Control": "no-store" }).type("html").send(maintenancePage(await shopName(), maintenance.message));
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      // Fly sets FLY_APP_NAME on its machines; there, only its proxy's Fly-Client-IP is believed.
      getLoadContext: (req) => ({ requestId: String(req.id), clientIp: clientIpOf(req.headers, req.socket.remoteAddress, Boolean(process.env.FLY_APP_NAME)) }),
    }),
  );
  return app;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: { port?: number } = {}): Promise<RunningServer> {
  const build = env.NODE_ENV === "development" ? loadBuild : await loadBuild();
  const worker = env.workerInProcess ? await (await import("./workers/index")).startWorker() : null;
  const app = createApp(build);
  const port = options.port ?? env.PORT;
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(port, () => resolve(listening));
  });
  const metricsServer = env.METRICS_PORT ? startMetricsServer(env.METRICS_PORT) : null;
  const url = `http://localhost:${port}`;
  logger.info({ port, metricsPort: env.METRICS_PORT, workerInProcess: Boolean(worker) }, "larder listening");

  // Graceful stop: refuse new connections, let in-flight requests and running jobs finish (Fly's
  // kill_timeout bounds how long), then close the pools.
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      markStopping();
      await new Promise((resolve) => setTimeout(resolve, env.shutdownDrainMs));
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await serverClosed;
      metricsServer?.close();
      await worker?.stop();
      await sql.end({ timeout: 5 });
      logger.info("stopped");
    })());
  return { url, close };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const running = await startServer();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "shutting down");
      void running.close().then(() => process.exit(0));
    });
  }
}
