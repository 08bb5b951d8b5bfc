// End-to-end journeys in Debian's Chromium, once with JavaScript off and once with it on.
import { defineConfig } from "@playwright/test";
import { chromiumPath } from "./tests/e2e/support/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./tests/e2e/support/global-setup.ts",
  fullyParallel: false,
  // The two projects side by side, each in one worker with a shop of its own (global-setup.ts):
  // each shop sees its project's journeys one at a time and in file order, as the specs' changes
  // to shop-wide settings (pauses, maintenance mode, zones) expect.
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  outputDir: "tests/.artifacts/playwright",
  use: {
    baseURL: process.env.E2E_BASE_URL,
    // Kept for a failed journey; the DOM snapshots without the screencast, which cost the most CPU.
    trace: { mode: "retain-on-failure", screenshots: false },
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "javascript-off", workers: 1, use: { javaScriptEnabled: false } },
    { name: "javascript-on", workers: 1, use: { javaScriptEnabled: true } },
  ],
});
