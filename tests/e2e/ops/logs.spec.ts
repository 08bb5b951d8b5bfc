// The app's JSON request logs carry a request id and never the secrets that pass through them.
import { readFileSync } from "node:fs";
import { E2E_ADMIN } from "../support/constants";
import { expect, sameOrigin, test } from "../support/fixtures";

function logLinesWith(text: string) {
  return readFileSync(process.env.E2E_APP_LOG!, "utf8")
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
  // The id is the server's own; the client's is logged beside it, never instead of it.
  const serverId = response.headers()["x-request-id"];
  expect(serverId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  await request.post("/admin/login", { form: { email: "nobody@example.com", password: "secret-password-5772156" }, headers: { ...sameOrigin(), "x-request-id": `${requestId}-login` } });

  // A successful sign-in answers with the session cookie: its value must not reach the log either.
  const signIn = await request.post("/admin/login", {
    form: { email: E2E_ADMIN.email, password: E2E_ADMIN.password },
    headers: { ...sameOrigin(), "x-request-id": `${requestId}-signin` },
    maxRedirects: 0,
  });
  const sessionCookie = /__larder_admin=([^;]+)/.exec(signIn.headers()["set-cookie"] ?? "")?.[1];
  expect(sessionCookie).toBeTruthy();

  await expect.poll(() => logLinesWith(`${requestId}-signin`).length, { timeout: 10_000 }).toBeGreaterThan(0);
  const [line] = logLinesWith(requestId);
  expect(line).toMatchObject({ level: 30, service: "larder", clientRequestId: requestId, req: { id: serverId, method: "GET" }, res: { statusCode: 200 } });
  const headers = (line.req as { headers: Record<string, string> }).headers;
  expect(headers.authorization).toBe("[redacted]");
  expect(headers.cookie).toBe("[redacted]");
  expect(headers["x-square-hmacsha256-signature"]).toBe("[redacted]");

  const whole = readFileSync(process.env.E2E_APP_LOG!, "utf8");
  const signInLine = logLinesWith(`${requestId}-signin`).find((entry) => entry.res);
  expect((signInLine?.res as { headers: Record<string, string> }).headers["set-cookie"]).toBe("[redacted]");
  for (const secret of ["secret-token-3141592", "secret-cookie-2718281", "secret-signature-1618033", "secret-password-5772156", E2E_ADMIN.password, sessionCookie!]) {
    expect(whole).not.toContain(secret);
  }
});
