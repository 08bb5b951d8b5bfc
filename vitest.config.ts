import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/chaos/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two files at a time: each has its own database (a clone of the template), and most of a file's
    // time is spent waiting on Postgres and the processes it starts. On CI's 2 cores the suite took
    // 351 s this way against ~440 s one file at a time.
    maxWorkers: 2,
  },
});
