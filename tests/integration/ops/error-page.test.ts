// A crash while loading a page: the customer gets a 500 page with a reference to quote, and the log
// has the error with its stack under the same request id. (The crash here: the database is gone.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, startAppProcess, type AppProcess } from "../../support/app-process";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;
let app: AppProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  const gone = new URL(database.url);
  gone.pathname = "/larder_no_such_database";
  app = await startAppProcess({ DATABASE_URL: gone.toString(), LOG_LEVEL: "info" }, "/healthz");
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

describe("error page", () => {
  it("answers 500 with the request id on the page and the stack in the log", async () => {
    const answer = await send(`${app.url}/products/humita`, { headers: { "x-request-id": "crash-test-1" } });
    expect(answer.status).toBe(500);
    expect(answer.body).toContain("Something went wrong");
    // React separates adjacent text with empty comments.
    // The reference is the server's own request id; the client's is only logged beside it.
    const reference = String(answer.headers?.["x-request-id"]);
    expect(reference).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body?.replaceAll("<!-- -->", "")).toContain(`Reference: ${reference}`);
    expect(answer.body).not.toMatch(/at .+\.(ts|js):\d+/);
    const lines = app
      .output()
      .split("\n")
      .filter((line) => line.includes(reference!) && line.includes('"stack"'));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]).err.stack).toMatch(/larder_no_such_database|does not exist/);
  });

  it("says not ready", async () => {
    expect((await send(`${app.url}/readyz`)).status).toBe(503);
  });
});
