// The two outside programs the bench needs, both from Debian: wrk (HTTP load) and pgbench (the
// database baselines). Missing ones are installed with apt-get when we run as root; otherwise the
// run stops with the exact command to type.
import { BenchError, runCommand, which } from "./proc";

interface Tool {
  name: string;
  aptPackage: string;
  /** Proves the program really runs (Debian's /usr/bin/pgbench is a wrapper that can exist alone). */
  check: () => Promise<string | null>;
}

const wrk: Tool = {
  name: "wrk",
  aptPackage: "wrk",
  async check() {
    if (!which("wrk")) return null;
    // `wrk -v` prints its version and exits 1.
    const result = await runCommand("wrk", ["-v"]);
    const version = /wrk (\S+)/.exec(result.stdout + result.stderr)?.[1];
    return version ? `wrk ${version}` : null;
  },
};

const pgbench: Tool = {
  name: "pgbench",
  aptPackage: "postgresql-contrib",
  async check() {
    if (!which("pgbench")) return null;
    const result = await runCommand("pgbench", ["--version"]);
    return result.code === 0 ? result.stdout.trim() : null;
  },
};

async function aptInstall(pkg: string): Promise<boolean> {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let result = await runCommand("apt-get", ["install", "-y", "--no-install-recommends", pkg], { env, timeoutMs: 300_000 });
  if (result.code === 0) return true;
  // The package lists may be missing or stale (fresh containers).
  await runCommand("apt-get", ["update"], { env, timeoutMs: 300_000 });
  result = await runCommand("apt-get", ["install", "-y", "--no-install-recommends", pkg], { env, timeoutMs: 300_000 });
  return result.code === 0;
}

async function ensure(tool: Tool, log: (message: string) => void): Promise<string> {
  const found = await tool.check();
  if (found) return found;
  const command = `apt-get install -y ${tool.aptPackage}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !which("apt-get")) {
    throw new BenchError(`${tool.name} is not installed (the bench needs it). Install it with:\n  sudo ${command}`);
  }
  log(`${tool.name} is missing: running ${command}`);
  const installed = (await aptInstall(tool.aptPackage)) ? await tool.check() : null;
  if (!installed) {
    throw new BenchError(`${tool.name} is not installed and \`${command}\` did not install it. Run:\n  apt-get update && ${command}`);
  }
  return installed;
}

export async function ensureTools(log: (message: string) => void): Promise<{ wrk: string; pgbench: string }> {
  return { wrk: await ensure(wrk, log), pgbench: await ensure(pgbench, log) };
}
