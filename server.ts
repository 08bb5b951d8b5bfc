// The HTTP server: Express in front of the Remix build, with request ids, one JSON log line per
// request, static files, the optional in-process worker and a graceful shutdown.
import { clientIpOf } from "./app/lib/client-ip";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import { constants as zlibConstants } from "node:zlib";
import express from "express";
import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { env } from "~/lib/env.server";
import { startErrorTracking } from "~/lib/error-tracking.server";
import { logger } from "~/lib/logger.server";
import { accessLog, requestIdOf } from "~/lib/access-log.server";
import { sql } from "~/lib/db.server";
import { getMaintenance, maintenancePage, servedDuringMaintenance } from "~/ops/maintenance.server";
import { metrics, startMetricsServer } from "~/lib/metrics.server";
import { routeMatcher } from "~/ops/route-label.server";
import { isStopping, markStopping } from "~/lib/lifecycle.server";
import { shopName } from "~/fulfillment/shop.server";
import { createRemixHandler, limitDeclaredBodySize } from "~/lib/remix-handler.server";
import { checkSameOrigin } from "~/lib/same-origin";
import { securityHeaders } from "~/lib/security-headers";
import { crossSitePage } from "~/ops/refusal-pages.server";
import { limitPostsPerIp } from "~/ops/rate-limit.server";
import { answerBusy, limitInFlight } from "~/ops/load-shedding.server";
import { startIncidentWatch } from "~/ops/incident-watch.server";
import { PageCache } from "~/catalog/page-cache.server";
import { squareClient } from "~/payments/square.server";
import { listenForStorefrontChanges, markStorefrontChanged } from "~/catalog/storefront-changes.server";

const BUILD_PATH = path.resolve("build/index.js");

// The shop's own origin, from configuration. In development the page may also be opened by another
// name for this machine (127.0.0.1 for localhost): the Host the browser used is accepted there too.
function originOf(req: express.Request): string {
  if (env.isProduction || !req.headers.host) return env.publicOrigin;
  return `http://${req.headers.host}`;
}

// Request ids are ours. A client's own X-Request-Id (a proxy's, say) is logged beside ours when it is
// short and plain, never instead of it.
function clientRequestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string | undefined {
  const incoming = req.headers["x-request-id"];
  return typeof incoming === "string" && /^[\w.-]{1,100}$/.test(incoming) ? incoming : undefined;
}

// Order-status, staff-invite and customer sign-in links carry a secret token, and the privacy
// pages' addresses the email or phone searched for: the access log keeps only the page's kind.
function loggedUrl(url: string): string {
  return url
    .replace(/^\/orders\/[^/?#]+/, "/orders/[token]").replace(/^\/account\/link\/[^/?#]+/, "/account/link/[token]")
    .replace(/^\/admin\/invite\/[^/?#]+/, "/admin/invite/[token]").replace(/^(\/admin\/privacy[^?#]*)\?.*$/, "$1?[redacted]");
}

// In development the build is re-imported whenever `remix watch` rewrites it.
async function loadBuild(): Promise<ServerBuild> {
  const version = env.NODE_ENV === "development" ? `?t=${statSync(BUILD_PATH).mtimeMs}` : "";
  return import(pathToFileURL(BUILD_PATH).href + version);
}

export function createApp(build: ServerBuild | (() => Promise<ServerBuild>)) {
  const app = express();
  app.disable("x-powered-by");
  // The client's address comes from Fly-Client-IP (lib/client-ip.ts); no X-Forwarded-* is believed.
  app.set("trust proxy", false);

  // While stopping, answers ask clients not to reuse the connection, so none is cut mid-request.
  app.use((_req, res, next) => {
    if (isStopping()) res.set("Connection", "close");
    next();
  });

  app.use(
    accessLog({
      loggedUrl,
      clientRequestIdOf,
      ignore: (req) => req.path === "/healthz",
      isShed: (res) => Boolean(res.locals.shed),
    }),
  );

  // The menu and product pages for visitors without a cookie, kept while the storefront is
  // unchanged (catalog/page-cache.server.ts). Not in development, where the build changes under it.
  const pageCache = typeof build === "function" ? undefined : new PageCache();
  if (pageCache) {
    listenForStorefrontChanges(sql);
    // A change made in the admin through this process (the menu editor, a pause) is seen by its
    // next request here at once, not only when the notification comes back. (A webhook only stores
    // the event; the worker applies it, and its notification tells.)
    app.use((req, res, next) => {
      if (req.method !== "GET" && req.method !== "HEAD" && /^\/admin\//.test(req.path)) res.once("finish", markStorefrontChanged);
      next();
    });
  }

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
  // Liveness: the process answers. No I/O, so a slow database never gets the machine restarted;
  // and answered here, not by a Remix route: Fly asks every 10 s, and a probe should cost the
  // event loop as little as it can (readyz, which reads the database, is a route).
  app.get("/healthz", (_req, res) => {
    res.set({ "Content-Type": "text/plain", "Cache-Control": "no-store" }).end("ok");
  });

  // At most MAX_ACTIVE_REQUESTS storefront requests at once, a bounded queue behind them, 503 past it
  // (ops/load-shedding.server.ts). Health checks, webhooks, the admin and build assets pass by.
  app.use(
    limitInFlight(
      { maxActive: env.MAX_ACTIVE_REQUESTS, maxQueued: env.REQUEST_QUEUE_LIMIT, maxQueueWaitMs: env.REQUEST_QUEUE_WAIT_MS, retryAfterSeconds: 5 },
      {
        // A kept page costs no database work and ~0.4 ms: it is served whatever the queue, and so
        // is the one render that keeps it again (PageCache.skipsQueue).
        exempt: (req) =>
          /^\/(readyz$|webhooks\/|admin(\/|$)|build\/)/.test(req.path) ||
          (pageCache !== undefined && pageCache.skipsQueue({ method: req.method, path: req.path, url: req.originalUrl, headers: req.headers })),
        shed: answerBusy,
      },
    ),
  );
  app.use(limitDeclaredBodySize);
  // gzip or brotli for text answers over 1 kB (pages, scripts, styles, JSON). Brotli (what every
  // browser asks for) with a 256 kB window rather than its 4 MB default: pages are tens of kB (a
  // bigger answer still compresses, a little less), and with 4 MB per stream the drop day's app
  // spent twice the CPU (docs/decisions/022).
  app.use(compression({ brotli: { params: { [zlibConstants.BROTLI_PARAM_LGWIN]: 18 } } }));

  // Every answer gets the security headers, with a nonce of its own for the page's inline scripts.
  app.use((req, res, next) => {
    // 122 random bits, as hex (a nonce may be any base64 characters); randomUUID draws from a
    // buffer of entropy it keeps, where randomBytes(16) was a call into the OS per request.
    res.locals.cspNonce = randomUUID().replaceAll("-", "");
    res.set(
      securityHeaders(req.path, {
        nonce: res.locals.cspNonce as string,
        square: env.square.environment,
        simulatorUrl: env.SQUARE_SIMULATOR_URL,
        https: env.publicOrigin.startsWith("https://"),
        errorReportDsn: env.SENTRY_BROWSER_DSN,
      }),
    );
    next();
  });

  // Cross-site request forgery: nothing but the shop's own pages may post to it (lib/same-origin.ts).
  app.use(async (req, res, next) => {
    const verdict = checkSameOrigin(
      req.method,
      req.path,
      { origin: req.headers.origin, secFetchSite: req.get("sec-fetch-site"), referer: req.headers.referer },
      env.isProduction ? [env.publicOrigin] : [env.publicOrigin, originOf(req)],
    );
    if (verdict.ok) return next();
    logger.warn({ reqId: requestIdOf(res), csrf: verdict.reason }, "cross-site request refused");
    res.status(403).set("Cache-Control", "no-store").type("html").send(crossSitePage(await shopName().catch(() => "Larder"), env.publicUrl));
  });

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // public/ holds files only (styles.css, sw.js, favicon.svg): a path without a file extension (every
  // page) goes on without a look at the disk.
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (/\.[^/]+$/.test(req.path) ? publicFiles(req, res, next) : next()));

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
    createRemixHandler({
      build,
      mode: env.NODE_ENV,
      originOf,
      pageCache,
      // Fly sets FLY_APP_NAME on its machines; there, only its proxy's Fly-Client-IP is believed.
      getLoadContext: (req, res) => ({
        requestId: requestIdOf(res),
        clientIp: clientIpOf(req.headers, req.socket.remoteAddress, Boolean(process.env.FLY_APP_NAME)),
        cspNonce: res.locals.cspNonce as string,
      }),
    }),
  );
  return app;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: { port?: number } = {}): Promise<RunningServer> {
  const errorTracking = await startErrorTracking();
  const build = env.NODE_ENV === "development" ? loadBuild : await loadBuild();
  const worker = env.workerInProcess ? await (await import("./workers/index")).startWorker() : null;
  // Every web process takes payments, and loading the Square SDK (~3,600 modules) holds the event
  // loop for about a second: done before listening, so no customer's request waits behind the
  // first payment's (docs/decisions/022). A failed load is tried again by that payment.
  await squareClient().catch((error: unknown) => logger.error({ err: error }, "could not load the Square SDK"));
  const app = createApp(build);
  const port = options.port ?? env.PORT;
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(port, () => resolve(listening));
  });
  const metricsServer = env.METRICS_PORT ? startMetricsServer(env.METRICS_PORT, env.metricsHost) : null;
  // The owners hear of a silent worker even when no worker is left to tell them.
  const incidentWatch = env.INCIDENT_WATCH_SECONDS > 0 ? startIncidentWatch(env.INCIDENT_WATCH_SECONDS * 1000) : null;
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
      incidentWatch?.stop();
      await worker?.stop();
      await sql.end({ timeout: 5 });
      await errorTracking?.close(2_000);
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
