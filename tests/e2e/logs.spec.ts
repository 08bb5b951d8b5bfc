// The app's JSON request logs carry a request id and never the secrets that pass through them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./support/fixtures";

const APP_LOG = path.resolve("tests/.artifacts/app.log");

function logLinesWith(text: string) {
  return readFileSync(APP_LOG, "utf8")
    .split("\n")
    .filter((line) => line.includes(text))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test("request logs are JSON with the request id, and secrets are redacted", async ({ request }) => {
  const requestId = `log-test-${Date.now()}-${test.info().project.name}`;
  const secrets = {
    authorization: "Bearer secret-token-3141592",
    cookie: "__larder=secret-cookie-2718281",
    "x-square-hmacsha256-signature": "secret-signature-1618033",
  };
  const response = await request.get("/?from=log-test", { headers: { ...secrets, "x-request-id": requestId } });
  expect(response.headers()["x-request-id"]).toBe(requestId);
  await request.post("/admin/login", { form: { email: "nobody@example.com", password: "secret-password-5772156" }, headers: { "x-request-id": `${requestId}-login` } });

  await expect.poll(() => logLinesWith(requestId).length, { timeout: 10_000 }).toBeGreaterThan(1);
  const [line] = logLinesWith(requestId);
  expect(line).toMatchObject({ level: 30, service: "larder", req: { id: requestId, method: "GET" }, res: { statusCode: 200 } });
  const headers = (line.req as { headers: Record<string, string> }).headers;
  expect(headers.authorization).toBe("[redacted]");
  expect(headers.cookie).toBe("[redacted]");
  expect(headers["x-square-hmacsha256-signature"]).toBe("[redacted]");

  const whole = readFileSync(APP_LOG, "utf8");
  for (const secret of ["secret-token-3141592", "secret-cookie-2718281", "secret-signature-1618033", "secret-password-5772156"]) {
    expect(whole).not.toContain(secret);
  }
});
