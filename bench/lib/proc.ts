// Child processes of a bench run: commands run to completion (wrk, pgbench, npm, apt-get) and
// long-running Node processes (the app, the bare server, the drivers) whose output goes straight to
// a log file. Every child is tracked so teardown can stop what is still running, by its own pid.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { productionCommand } from "../../tests/support/production-start";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** A failure with a message meant for the person running the bench (no stack trace needed). */
export class BenchError extends Error {}

const running = new Set<ChildProcess>();
let stopping = false;

/** After this, starting a process fails: the run is being torn down (Ctrl-C). */
export function refuseNewProcesses() {
  stopping = true;
}

function checkNotStopping(what: string) {
  if (stopping) throw new BenchError(`interrupted (not starting ${what})`);
}

function track(child: ChildProcess) {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and returns its output; never rejects for a non-zero exit. */
export function runCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<CommandResult> {
  checkNotStopping(command);
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] }),
    );
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          stderr += `\n[bench] ${command} did not finish within ${options.timeoutMs} ms; killed`;
          child.kill("SIGKILL");
        }, options.timeoutMs)
      : null;
    child.once("error", (error) => {
      if (timer) clearTimeout(timer);
      reject(new BenchError(`could not run ${command}: ${error.message}`));
    });
    child.once("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The absolute path of an executable on PATH, or null. */
export function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface NodeProcess {
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(timeoutMs?: number): Promise<void>;
}

/** Starts `node --import tsx <script> ...args` from the repository root, its stdout and stderr written to `logFile`. */
export function startNodeProcess(script: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): NodeProcess {
  return startNode(script, ["--import", "tsx", script, ...args], env, logFile);
}

/** package.json's "start" script, parsed (its Node flags, environment and entry file). */
function startCommand() {
  try {
    return productionCommand("start");
  } catch (error) {
    throw new BenchError((error as Error).message);
  }
}

/**
 * `startNodeProcess` with the Node flags and environment (heap sizes, malloc settings) of package.json's
 * "start" script: for a process measured against the app, so the two differ in what they do, not
 * in how the runtime is tuned.
 */
export function startNodeProcessTunedAsProduction(script: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): NodeProcess {
  const command = startCommand();
  return startNode(script, [...command.args.slice(0, -1), "--import", "tsx", script, ...args], { ...command.env, ...env }, logFile);
}

/**
 * Starts the app as production does: the compiled server (build/server/server.js, from `npm run
 * build`) with the Node flags of package.json's "start" script, which the image's CMD runs. Not
 * through npm, so the child's pid is the server's own (dropday reads its VmRSS).
 */
export function startProductionServer(env: NodeJS.ProcessEnv, logFile: string): NodeProcess {
  const command = startCommand();
  // BENCH_APP_NODE_FLAGS (say "--cpu-prof --cpu-prof-dir=/tmp/prof") go before the script: to
  // profile the app under a benchmark's load (NODE_OPTIONS refuses --cpu-prof).
  const flags = (process.env.BENCH_APP_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
  return startNode("the app", [...flags, ...command.args], { ...command.env, ...env }, logFile);
}

function startNode(what: string, nodeArgs: string[], env: NodeJS.ProcessEnv, logFile: string): NodeProcess {
  checkNotStopping(what);
  const fd = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    child = track(spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ["ignore", fd, fd] }));
  } finally {
    closeSync(fd); // the child holds its own copy
  }
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
  return {
    child,
    logFile,
    exited,
    stop: (timeoutMs = 10_000) => stopChild(child, timeoutMs),
  };
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process has exited. */
export async function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Stops every child this run started that is still running. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, 5_000)));
}

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 25): string {
  if (!existsSync(file)) return "(no log)";
  const text = readFileSync(file, "utf8").trimEnd().split("\n");
  return text.slice(-lines).join("\n");
}

/** Polls `url` until it answers 200, the process exits, or the timeout passes. */
export async function waitForHttp(url: string, proc: NodeProcess, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new BenchError(`${what} exited (code ${proc.child.exitCode ?? proc.child.signalCode}) before answering ${url}; its log ends:\n${tail(proc.logFile)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new BenchError(`${what} did not answer 200 at ${url} within ${timeoutMs} ms; its log ends:\n${tail(proc.logFile)}`);
}
