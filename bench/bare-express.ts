// The pages benchmark's baseline: a bare Express app answering each path with the bytes the app
// rendered for it (same status, content type and body), nothing else: no middleware, no database.
// Usage: node --import tsx bench/bare-express.ts <port> <path> <body file> <content type> [<path> <body file> <content type>]...
import { readFileSync } from "node:fs";
import express from "express";

const [port, ...rest] = process.argv.slice(2);
if (!port || rest.length === 0 || rest.length % 3 !== 0) {
  console.error("usage: bare-express.ts <port> (<path> <body file> <content type>)...");
  process.exit(2);
}
const app = express();
app.disable("x-powered-by");
app.disable("etag");
for (let i = 0; i < rest.length; i += 3) {
  const [path, bodyFile, contentType] = rest.slice(i, i + 3);
  const body = readFileSync(bodyFile);
  app.get(path, (_req, res) => {
    res.status(200).type(contentType).send(body);
  });
}
const server = app.listen(Number(port), "127.0.0.1", () => console.log(`bare Express on 127.0.0.1:${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
