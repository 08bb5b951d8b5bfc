// Optional Sentry: with SENTRY_DSN pointed at a local receiver (Sentry's envelope endpoint), a
// server error's event arrives tagged with the request id, and nothing in it carries the
// customer's email, phone, cookie or authorization header — even when the error message itself
// holds the email (here, the URL-encoded name of a database that does not exist).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, startAppProcess, type AppProcess } from "../../support/app-process";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;
let receiver: Server;
let app: AppProcess;
const envelopes: { path: string; body: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
      envelopes.push({ path: req.url ?? "", body });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as AddressInfo).port;
  const gone = new URL(database.url);
  gone.pathname = "/buyer%40example.com";
  app = await startAppProcess({ DATABASE_URL: gone.toString(), SENTRY_DSN: `http://publickey@127.0.0.1:${port}/42`, LOG_LEVEL: "warn" }, "/healthz");
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await database?.drop();
});

describe("error tracking", () => {
  it("sends a server error to Sentry with the request id and without personal data", async () => {
    const answer = await send(`${app.url}/products/humita?email=buyer%40example.com&phone=%2B12175550100`, {
      headers: { cookie: "__session=secret-cookie-value", authorization: "Bearer secret-token-value" },
    });
    expect(answer.status).toBe(500);
    const requestId = String(answer.headers?.["x-request-id"]);
    // The log has the real message (it stays on the machine); Sentry gets the scrubbed one.
    expect(app.output()).toContain('database \\"buyer%40example.com\\" does not exist');

    const deadline = Date.now() + 15_000;
    while (!envelopes.some((envelope) => envelope.body.includes(requestId)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const envelope = envelopes.find((candidate) => candidate.body.includes(requestId));
    expect(envelope, JSON.stringify(envelopes)).toBeDefined();
    expect(envelope!.path.split("?")[0]).toBe("/api/42/envelope/");
    const items = envelope!.body.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const event = items.find((item) => "exception" in item) as { tags: Record<string, string>; exception: { values: { value: string }[] }; request?: { url?: string } };
    expect(event.tags.request_id).toBe(requestId);
    expect(event.exception.values[0].value).toContain("[email]");
    for (const secret of ["buyer@example.com", "buyer%40example.com", "12175550100", "secret-cookie-value", "secret-token-value"]) {
      expect(envelope!.body).not.toContain(secret);
    }
  });
});
