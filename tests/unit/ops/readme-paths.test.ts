// The README's trails and layout name real files: a newcomer who follows one never meets a path
// that moved or was renamed.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");

/** Every `quoted` path with a folder and a file ending, like `app/routes/checkout.tsx`. */
function namedPaths(text: string): string[] {
  return [...new Set([...text.matchAll(/`((?:app|db|workers|tests|scripts|dev|docs|bench|public)\/[\w$./-]+\.(?:ts|tsx|sql|md|js))`/g)].map((m) => m[1]))];
}

describe("README", () => {
  it("names only files that exist", () => {
    const paths = namedPaths(readme);
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
  });

  it("walks three requests end to end: an order placed, a paid webhook, a refund", () => {
    const trail = readme.slice(readme.indexOf("### How a request flows"), readme.indexOf("### How an order is paid"));
    for (const step of ["app/routes/checkout.tsx", "db/functions/ordering/place_order.sql", "app/routes/webhooks.square.tsx",
      "workers/tasks/process_square_webhook.ts", "app/routes/admin.orders.$number.tsx", "workers/tasks/refund_payment.ts"]) {
      expect(trail).toContain(step);
    }
  });
});
