// The pages benchmark's framework ceiling: the same Remix build (build/index.js) served by Express
// through @remix-run/express, every route module as built except its loader, which answers the JSON
// the running app's own loader answered for that route and path (captured with ?_data= before the
// run). Same route modules, same components, same entry.server rendering: no database, no session,
// none of server.ts's middleware. What is left is the framework's own cost of serving the page.
// Usage: node --import tsx bench/ceiling-server.ts <port> <captures.json>
//   captures.json: { "<route id>": { "<path>": <loader JSON> } }
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

const [port, capturesFile] = process.argv.slice(2);
if (!port || !capturesFile) {
  console.error("usage: ceiling-server.ts <port> <captures.json>");
  process.exit(2);
}
const captures = JSON.parse(readFileSync(capturesFile, "utf8")) as Record<string, Record<string, unknown>>;
const built = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;

const routes: ServerBuild["routes"] = {};
for (const [id, route] of Object.entries(built.routes)) {
  const module = route.module;
  routes[id] = {
    ...route,
    module: !module.loader
      ? module
      : {
          ...module,
          loader: ({ request }) => {
            const pathname = new URL(request.url).pathname;
            const data = captures[id]?.[pathname];
            // Loud: a page whose data was not captured would not be the page measured on the app.
            if (data === undefined) throw new Error(`no captured loader data for route ${id} at ${pathname}`);
            return new Response(JSON.stringify(data), { headers: { "Content-Type": "application/json; charset=utf-8" } });
          },
        },
  };
}
const build: ServerBuild = { ...built, routes };

const app = express();
app.disable("x-powered-by");
app.get("/healthz", (_req, res) => {
  res.type("text/plain").send("ok");
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
const server = app.listen(Number(port), "127.0.0.1", () => console.log(`framework ceiling on 127.0.0.1:${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
