// The browser bundle (public/build of `npm run build`, which npm test runs first) holds no zod:
// every form schema lives in a *.server.ts module, so the pages' JavaScript carries none of it.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CLIENT_BUILD = path.join(ROOT, "public/build");

// Strings zod keeps through minification: its error class's name and one of its issue codes. A chunk
// holds zod when it has both: Sentry's browser SDK (loaded only when SENTRY_BROWSER_DSN is set)
// names "ZodError" in its zod integration without carrying zod.
const ZOD_MARKERS = ["ZodError", "invalid_union_discriminator"];

function clientScripts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return clientScripts(file);
    return file.endsWith(".js") ? [file] : [];
  });
}

describe("the browser bundle", () => {
  it("the markers find zod when a module bundles it", async () => {
    const bundled = await build({
      stdin: { contents: 'import { z } from "zod"; console.log(z.object({ name: z.string() }).safeParse({}));', resolveDir: ROOT },
      bundle: true,
      minify: true,
      write: false,
      platform: "browser",
      format: "esm",
      logLevel: "silent",
    });
    const text = bundled.outputFiles[0].text;
    for (const marker of ZOD_MARKERS) expect(text).toContain(marker);
  });

  it("no client chunk contains zod or imports a Node built-in", () => {
    expect(existsSync(path.join(CLIENT_BUILD, "_shared")), "public/build is missing: run `npm run build` first").toBe(true);
    const scripts = clientScripts(CLIENT_BUILD);
    expect(scripts.length).toBeGreaterThan(10);
    const offenders = scripts.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      const found = ZOD_MARKERS.every((marker) => text.includes(marker)) ? [...ZOD_MARKERS] : [];
      if (/from\s*"node:|import\s*"node:/.test(text)) found.push("a node: import");
      return found.length ? [`${path.relative(CLIENT_BUILD, file)}: ${found.join(", ")}`] : [];
    });
    expect(offenders).toEqual([]);
  });
});
