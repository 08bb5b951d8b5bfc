// A wrong or missing setting stops the process at start with one line naming it.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function start(entry: string, env: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", entry], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe("configuration", () => {
  it("refuses a bad PORT with one line naming it", () => {
    const result = start("server.ts", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", PORT: "eighty" });
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^Invalid configuration: PORT /);
  });

  it("names every missing Square setting outside the simulator, for the worker too", () => {
    const result = start("workers/index.ts", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", SQUARE_ENVIRONMENT: "production" });
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")).toHaveLength(1);
    for (const name of ["SQUARE_ACCESS_TOKEN", "SQUARE_APPLICATION_ID", "SQUARE_LOCATION_ID", "SQUARE_WEBHOOK_SIGNATURE_KEY", "SQUARE_WEBHOOK_URL"]) {
      expect(result.stderr).toContain(name);
    }
  });

  it("names what Twilio still needs when it is configured in part, and refuses a malformed sender", () => {
    const partial = start("workers/index.ts", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}` });
    expect(partial.status).toBe(1);
    expect(partial.stderr.split("\n")).toHaveLength(1);
    expect(partial.stderr).toContain("TWILIO_AUTH_TOKEN is required to send texts through Twilio");
    expect(partial.stderr).toContain("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID is required to send texts through Twilio");
    const malformed = start("server.ts", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", TWILIO_FROM_NUMBER: "555-0100" });
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain("TWILIO_FROM_NUMBER must be an E.164 number like +12175550100");
  });

  it("refuses production without its own session secret, also with the simulator left as the default", () => {
    const missing = start("server.ts", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", NODE_ENV: "production" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^Invalid configuration: SESSION_SECRET is required in production/);
    const development = start("server.ts", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", NODE_ENV: "production", SESSION_SECRET: "larder-development-session-secret" });
    expect(development.status).toBe(1);
    expect(development.stderr).toContain("SESSION_SECRET is required in production, and must not be the development value");
  });

  it("refuses production without its public URL, and with the simulator unless it is a demo", () => {
    const base = { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", NODE_ENV: "production", SESSION_SECRET: "a-production-secret-0123456789" };
    const noUrl = start("server.ts", { ...base, LARDER_DEMO: "1" });
    expect(noUrl.status).toBe(1);
    expect(noUrl.stderr).toBe("Invalid configuration: PUBLIC_URL is required in production (the shop's address, like https://shop.example.com) (see .env.example)");
    const simulator = start("server.ts", { ...base, PUBLIC_URL: "https://shop.example.com" });
    expect(simulator.status).toBe(1);
    expect(simulator.stderr).toContain("SQUARE_ENVIRONMENT is the simulator (no real payments): set SQUARE_ENVIRONMENT=production, or LARDER_DEMO=1 for a demo shop");
    expect(start("workers/index.ts", { ...base, PUBLIC_URL: "https://shop.example.com" }).stderr).toContain("LARDER_DEMO=1 for a demo shop");
  });

  it("requires DATABASE_URL", () => {
    const result = start("server.ts", {});
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Invalid configuration: DATABASE_URL /);
  });
});
