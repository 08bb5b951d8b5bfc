// The simulator's control endpoints (/sim/*) change it for every client, so a web page on another
// origin must not drive them; tests, scripts and the simulator's own pages still can.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SquareSimulator, startSquareSimulator } from "../../../dev/square-sim/server";

describe("Square simulator: control endpoints and other origins", () => {
  let sim: SquareSimulator;
  beforeAll(async () => {
    sim = await startSquareSimulator({});
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${sim.url}${path}`, { method: "POST", headers: { "content-type": "text/plain", ...headers }, body: "{}" });

  it("refuses a cross-origin post, as a page elsewhere would send it", async () => {
    const forged: Record<string, string>[] = [{ origin: "http://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }];
    for (const headers of forged) {
      const answer = await post("/sim/reset", headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(await answer.json()).toMatchObject({ errors: [{ code: "FORBIDDEN" }] });
    }
  });

  it("serves scripts, tests and its own pages", async () => {
    expect((await post("/sim/reset", {})).status).toBe(200);
    expect((await post("/sim/reset", { origin: new URL(sim.url).origin })).status).toBe(200);
    expect((await post("/sim/reset", { "sec-fetch-site": "same-origin" })).status).toBe(200);
    // Reading is harmless from anywhere.
    expect((await fetch(`${sim.url}/sim/config`, { headers: { origin: "http://evil.example" } })).status).toBe(200);
  });
});
