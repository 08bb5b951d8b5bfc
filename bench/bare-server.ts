// The menu benchmark's baseline: a bare node:http server that answers every request with the bytes
// of one menu page the app rendered (same status, content type and body), nothing else.
// Usage: node --import tsx bench/bare-server.ts <body file> <content type> <port>
import { readFileSync } from "node:fs";
import http from "node:http";

const [bodyFile, contentType, port] = process.argv.slice(2);
if (!bodyFile || !contentType || !port) {
  console.error("usage: bare-server.ts <body file> <content type> <port>");
  process.exit(2);
}
const body = readFileSync(bodyFile);
const headers = { "Content-Type": contentType, "Content-Length": String(body.length) };

const server = http.createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(Number(port), "127.0.0.1", () => console.log(`bare server on 127.0.0.1:${port}, ${body.length} bytes`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
