// How production starts the app: package.json's "start" script (the image's CMD, fly.toml's `app`
// process) read as `NAME=value … node [flags] <file>`, so the bench and the tests that run the app as
// a process of its own start the same compiled file with the same Node flags, without npm between.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ProductionCommand {
  /** Arguments for `process.execPath`: Node's flags, then the compiled entry (absolute). */
  args: string[];
  /** The variables the script sets before `node` (NODE_ENV=production). */
  env: Record<string, string>;
}

/** The `node` command of an npm script ("start" or "worker"); fails when it is not built yet. */
export function productionCommand(script: "start" | "worker" = "start"): ProductionCommand {
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const body = scripts[script] ?? "";
  const match = /^((?:[A-Z][A-Z0-9_]*=\S+\s+)*)node((?:\s+--?[\w-]+(?:=\S+)?)*)\s+(\S+\.m?js)$/.exec(body.trim());
  if (!match) throw new Error(`package.json "${script}" is "${body}": expected NAME=value … node [--flags] <file.js>`);
  const env = Object.fromEntries(match[1].trim().split(/\s+/).filter(Boolean).map((pair) => pair.split("=", 2) as [string, string]));
  const entry = path.join(ROOT, match[3]);
  if (!existsSync(entry)) throw new Error(`${match[3]} does not exist: run \`npm run build\` first`);
  return { args: [...match[2].trim().split(/\s+/).filter(Boolean), entry], env };
}
