// The pages benchmark's framework ceiling: the same Remix build (build/index.js) served by Express
// through @remix-run/express, every route module as built except its loader, which answers from
// memory what the real loader returned for that route and path. The real loaders run once, at
// start-up, for each path given (against the bench database, with no cookie, as wrk's requests
// come); after that no loader runs and a path not captured is an error. Same route modules, same
// components, same entry.server rendering: no database, no session, none of server.ts's
// middleware. What is left is the framework's own cost of serving the page.
// Usage: node --import tsx bench/ceiling-server.ts <port> <path>...
//   /healthz answers 200 once every path has been captured.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

const [port, ...paths] = process.argv.slice(2);
if (!port || paths.length === 0) {
  console.error("usage: ceiling-server.ts <port> <path>...");
  process.exit(2);
}
const built = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;

let capturing = true;
// route id → path → what its loader returned (a Response is kept unread and cloned for each use).
const captured = new Map<string, Map<string, unknown>>();
const routes: ServerBuild["routes"] = {};
for (const [id, route] of Object.entries(built.routes)) {
  const { loader } = route.module;
  routes[id] = !loader ? route : {
    ...route,
    module: {
      ...route.module,
      loader: async (args) => {
        const pathname = new URL(args.request.url).pathname;
        const byPath = captured.get(id) ?? captured.set(id, new Map()).get(id)!;
        if (!byPath.has(pathname)) {
          // Loud: a page whose data was not captured would not be the page measured on the app.
          if (!capturing) throw new Error(`no captured loader data for route ${id} at ${pathname}`);
          byPath.set(pathname, await loader(args));
        }
        const value = byPath.get(pathname);
        return value instanceof Response ? value.clone() : value;
      },
    },
  };
}
const build: ServerBuild = { ...built, routes };

const app = express();
app.disable("x-powered-by");
app.get("/healthz", (_req, res) => {
  res.status(capturing ? 503 : 200).type("text/plain").send(capturing ? "capturing" : "ok");
});
app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    // entry.server.tsx renders with the request's CSP nonce, as the app's server.ts gives it.
    getLoadContext: (req) => ({ requestId: "ceiling", clientIp: req.socket.remoteAddress ?? null, cspNonce: randomBytes(16).toString("base64") }),
  }),
);
const server = app.listen(Number(port), "127.0.0.1", () => {
  void (async () => {
    for (const page of paths) {
      const response = await fetch(`http://127.0.0.1:${port}${page}`);
      await response.arrayBuffer();
      if (response.status !== 200) {
        console.error(`capturing ${page}: the build answered ${response.status}`);
        process.exit(1);
      }
    }
    capturing = false;
    console.log(`framework ceiling on 127.0.0.1:${port}, loaders captured for ${paths.join(", ")}`);
  })();
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
