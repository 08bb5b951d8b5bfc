// Runs the built app as its own process, as production does (`npm start`: build/server/server.js,
// `npm run build` first), for tests that need the real HTTP server: signals, crashes, logs.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { productionCommand } from "./production-start";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Answer {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: string;
  error?: string;
}

/** One request on its own connection (no keep-alive), so the outcome is the server's alone. */
export function send(url: string, init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const body = init.body;
    const request = http.request(
      url,
      { method: init.method ?? "GET", agent: false, headers: { ...init.headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
      },
    );
    request.on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    request.end(body);
  });
}

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout (its JSON log lines). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the compiled server with `npm start`'s Node flags and `env` on `env.PORT` or a free port;
 * resolves once `readyPath` answers (any status when readyPath is "/healthz").
 */
export async function startAppProcess(env: Record<string, string>, readyPath = "/readyz"): Promise<AppProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const command = productionCommand("start");
  const child = spawn(process.execPath, command.args, {
    env: { ...process.env, ...command.env, NODE_ENV: "production", PORT: String(port), PUBLIC_URL: url, LARDER_DEMO: "1", SESSION_SECRET: "test-session-secret-0123456789", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const deadline = Date.now() + 30_000;
  while ((await send(`${url}${readyPath}`)).status !== 200) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the app did not become ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
