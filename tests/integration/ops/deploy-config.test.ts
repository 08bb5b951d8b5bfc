// The deploy files say only true things: every command fly.toml and the Dockerfile run is a
// package.json script whose entry file exists, every port is the one the code listens on, the
// image holds every file the processes import at run time, and .env.example lists every variable.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { imageNodeMajor } from "../../../scripts/test-node22";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const packageJson = JSON.parse(read("package.json")) as { scripts: Record<string, string> };

// --- a reader for the TOML that fly.toml uses: tables, arrays of tables, and key = string, number,
// boolean or one-line array values. Anything else is an error, so the test never misreads the file.
type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
interface TomlTable {
  [key: string]: TomlValue;
}

function parseTomlValue(raw: string, where: string): TomlValue {
  const text = raw.trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(text)) return JSON.parse(text) as string;
  if (/^'[^']*'$/.test(text)) return text.slice(1, -1);
  if (/^(true|false)$/.test(text)) return text === "true";
  if (/^[+-]?\d[\d_]*(\.\d+)?$/.test(text)) return Number(text.replace(/_/g, ""));
  if (text.startsWith("[") && text.endsWith("]")) {
    const inner = text.slice(1, -1).trim();
    if (!inner) return [];
    const items = inner.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^,]+/g) ?? [];
    return items.map((item) => item.trim()).filter(Boolean).map((item) => parseTomlValue(item, where));
  }
  throw new Error(`fly.toml ${where}: value this reader does not handle: ${text}`);
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}

function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let current = root;
  const descend = (keys: string[], arrayLast: boolean) => {
    let table = root;
    keys.forEach((key, index) => {
      const last = index === keys.length - 1;
      let next = table[key];
      if (last && arrayLast) {
        if (next === undefined) next = table[key] = [];
        if (!Array.isArray(next)) throw new Error(`fly.toml: ${keys.join(".")} is both a table and an array`);
        const item: TomlTable = {};
        next.push(item);
        table = item;
        return;
      }
      if (next === undefined) next = table[key] = {};
      if (Array.isArray(next)) next = next[next.length - 1];
      if (typeof next !== "object" || next === null || Array.isArray(next)) throw new Error(`fly.toml: ${keys.join(".")} is not a table`);
      table = next as TomlTable;
    });
    return table;
  };
  text.split("\n").forEach((rawLine, index) => {
    const line = stripComment(rawLine).trim();
    if (!line) return;
    const where = `line ${index + 1}`;
    const header = /^(\[\[?)\s*([\w.-]+)\s*\]\]?$/.exec(line);
    if (header) {
      current = descend(header[2].split("."), header[1] === "[[");
      return;
    }
    const pair = /^([\w-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair) throw new Error(`fly.toml ${where}: cannot read ${rawLine}`);
    if (pair[1] in current) throw new Error(`fly.toml ${where}: ${pair[1]} set twice`);
    current[pair[1]] = parseTomlValue(pair[2], where);
  });
  return root;
}

const fly = parseToml(read("fly.toml"));
const table = (value: TomlValue | undefined, name: string): TomlTable => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`fly.toml has no [${name}] table`);
  return value;
};
const tables = (value: TomlValue | undefined): TomlTable[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as TomlTable[]) : [value as TomlTable];
const flyEnv = table(fly.env, "env") as Record<string, string>;
const processes = table(fly.processes, "processes") as Record<string, string>;
const httpService = table(fly.http_service, "http_service");

/** Seconds in a Fly duration: a number of seconds or a string like "60s", "1m30s". */
function seconds(value: TomlValue | undefined): number {
  if (typeof value === "number") return value;
  if (typeof value !== "string") throw new Error(`not a duration: ${String(value)}`);
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.map((p) => p[0]).join("") !== value) throw new Error(`not a duration: ${value}`);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 } as const;
  return parts.reduce((total, [, amount, u]) => total + Number(amount) * unit[u as keyof typeof unit], 0);
}

/** The package.json script an npm command line runs: `npm start`, `npm test`, `npm run X [-- args]`. */
function npmScript(command: string): string {
  const words = command.trim().split(/\s+/);
  expect(words[0], `"${command}" should be an npm command`).toBe("npm");
  if (words[1] === "run" || words[1] === "run-script") return words[2];
  expect(["start", "test", "stop", "restart"], `"${command}" is not an npm script command`).toContain(words[1]);
  return words[1];
}

/** Asserts the script exists and that the file its tsx/node command runs exists. */
function expectRunnableScript(script: string, context: string) {
  const body = packageJson.scripts[script];
  expect(body, `${context} runs npm script "${script}", which package.json does not have`).toBeTypeOf("string");
  for (const match of body.matchAll(/\b(?:tsx|node)\s+((?:--?[\w-]+(?:=\S+)?\s+)*)([\w./-]+\.[cm]?[jt]sx?)/g)) {
    expect(existsSync(path.join(ROOT, match[2])), `npm script "${script}" runs ${match[2]}, which does not exist`).toBe(true);
  }
}

/** The default a zod field of app/lib/env.server.ts declares, e.g. PORT's 3000. */
function envDefault(name: string): string | undefined {
  const line = read("app/lib/env.server.ts").split("\n").find((l) => new RegExp(`^\\s*${name}: z`).test(l));
  expect(line, `app/lib/env.server.ts does not read ${name}`).toBeDefined();
  return /\.default\(("?)([^)"]*)\1\)/.exec(line!)?.[2].replace(/_/g, "");
}

function envSchemaKeys(): string[] {
  return [...read("app/lib/env.server.ts").matchAll(/^\s+([A-Z][A-Z0-9_]+): z\./gm)].map((m) => m[1]);
}

describe("fly.toml", () => {
  it("runs app and worker process groups whose commands are package.json scripts", () => {
    expect(Object.keys(processes).sort()).toEqual(["app", "worker"]);
    expect(npmScript(processes.app)).toBe("start");
    expect(npmScript(processes.worker)).toBe("worker");
    for (const [group, command] of Object.entries(processes)) expectRunnableScript(npmScript(command), `process group ${group}`);
  });

  it("migrates as the release command", () => {
    const deploy = table(fly.deploy, "deploy");
    const script = npmScript(String(deploy.release_command));
    expectRunnableScript(script, "release_command");
    expect(packageJson.scripts[script]).toMatch(/scripts\/migrate\.ts up\b/);
  });

  it("sends the public HTTP service to the app group on the port the server listens on", () => {
    expect(httpService.processes).toEqual(["app"]);
    expect(httpService.internal_port).toBe(Number(flyEnv.PORT));
    expect(envDefault("PORT")).toBe(String(httpService.internal_port));
    expect(read("server.ts"), "server.ts should listen on env.PORT").toMatch(/\benv\.PORT\b/);
  });

  it("checks /healthz on the app, a route that exists", () => {
    const checks = tables(httpService.checks);
    expect(checks.map((check) => check.path)).toContain("/healthz");
    for (const check of checks) {
      expect(seconds(check.timeout)).toBeLessThan(seconds(check.interval));
      const route = String(check.path).replace(/^\//, "").replace(/\//g, ".");
      // A Remix route, or (/healthz) one server.ts answers before Remix.
      const inServer = read("server.ts").includes(`app.get(${JSON.stringify(check.path)},`);
      expect(inServer || existsSync(path.join(ROOT, "app/routes", `${route}.tsx`)) || existsSync(path.join(ROOT, "app/routes", `${route}.ts`)), `no route for ${check.path}`).toBe(true);
    }
  });

  it("watches the worker: a restart policy, and any check it has on a port the worker serves", () => {
    const restarts = tables(fly.restart).filter((restart) => (restart.processes as string[] | undefined)?.includes("worker"));
    const workerChecks = Object.entries(fly.checks ? table(fly.checks, "checks") : {}).filter(([, check]) =>
      ((check as TomlTable).processes as string[] | undefined)?.includes("worker"),
    );
    expect(restarts.length + workerChecks.length, "the worker group has neither a restart policy nor a check").toBeGreaterThan(0);
    for (const restart of restarts) expect(["always", "on-failure", "on-fail"]).toContain(restart.policy);
    for (const [name, check] of workerChecks) {
      expect((check as TomlTable).port, `[checks.${name}] must probe METRICS_PORT`).toBe(Number(flyEnv.METRICS_PORT));
      expect(read("workers/index.ts"), `[checks.${name}] probes a port workers/index.ts does not serve`).toMatch(/METRICS_PORT/);
    }
  });

  it("exposes metrics on METRICS_PORT at the path the metrics server serves, from the app and the worker", () => {
    const [metrics, ...others] = tables(fly.metrics);
    expect(others).toEqual([]);
    expect(metrics.port).toBe(Number(flyEnv.METRICS_PORT));
    expect(metrics.port).not.toBe(httpService.internal_port);
    expect(read("app/lib/metrics.server.ts")).toContain(`"${String(metrics.path)}"`);
    for (const file of ["server.ts", "workers/index.ts"]) {
      expect(read(file), `${file} should serve metrics on env.METRICS_PORT`).toMatch(/startMetricsServer\(env\.METRICS_PORT, env\.metricsHost\)/);
    }
  });

  it("gives a stopping process longer than the slowest job, and sends the signal the code handles", () => {
    const slowestSquareCall = Number(envDefault("SQUARE_MAX_ATTEMPTS")) * Number(envDefault("SQUARE_TIMEOUT_SECONDS"));
    expect(seconds(fly.kill_timeout)).toBeGreaterThan(slowestSquareCall);
    expect(seconds(fly.kill_timeout)).toBeLessThanOrEqual(300); // Fly's maximum
    expect(fly.kill_signal).toBe("SIGTERM");
    for (const file of ["server.ts", "workers/index.ts"]) expect(read(file)).toContain('"SIGTERM"');
  });

  it("limits concurrency per machine by requests", () => {
    const concurrency = table(httpService.concurrency, "http_service.concurrency");
    expect(concurrency.type).toBe("requests");
    expect(concurrency.soft_limit).toBeTypeOf("number");
    expect(concurrency.soft_limit as number).toBeLessThan(concurrency.hard_limit as number);
  });

  it("sets production values the app reads, and no secrets", () => {
    expect(flyEnv).toMatchObject({ NODE_ENV: "production", PORT: "3000", METRICS_PORT: "9091", SQUARE_ENVIRONMENT: "production" });
    const known = envSchemaKeys();
    for (const key of Object.keys(flyEnv)) expect(known, `[env] ${key} is not a variable app/lib/env.server.ts reads`).toContain(key);
    for (const secret of ["DATABASE_URL", "SESSION_SECRET", "SQUARE_ACCESS_TOKEN", "SQUARE_WEBHOOK_SIGNATURE_KEY", "SMTP_URL", "HEALTH_TOKEN"]) {
      expect(flyEnv, `${secret} belongs in fly secrets, not fly.toml`).not.toHaveProperty(secret);
    }
    expect(flyEnv.SQUARE_WEBHOOK_URL).toBe(`${flyEnv.PUBLIC_URL}/webhooks/square`);
    expect(existsSync(path.join(ROOT, "app/routes/webhooks.square.tsx"))).toBe(true);
  });
});

// --- the Dockerfile: instructions with continuation lines joined, grouped by stage.
interface Instruction {
  keyword: string;
  args: string;
}

function dockerfileStages(): { name: string; from: string; instructions: Instruction[] }[] {
  const text = read("Dockerfile").replace(/\\\n/g, " ");
  const args: Record<string, string> = {};
  const stages: { name: string; from: string; instructions: Instruction[] }[] = [];
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const [, keyword, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    expect(keyword, `Dockerfile line not understood: ${line}`).toBeDefined();
    const instruction = { keyword: keyword.toUpperCase(), args: rest.trim() };
    if (instruction.keyword === "ARG" && stages.length === 0) {
      const [name, value = ""] = instruction.args.split("=");
      args[name] = value;
    } else if (instruction.keyword === "FROM") {
      const [image, , name] = instruction.args.replace(/--platform=\S+\s+/, "").split(/\s+/);
      stages.push({ name: name ?? String(stages.length), from: image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? ""), instructions: [] });
    } else {
      expect(stages.length, `${keyword} before FROM`).toBeGreaterThan(0);
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

/** Whether .dockerignore keeps a path out of the build context (its simple patterns and ! exceptions). */
function dockerIgnored(file: string): boolean {
  const patterns = read(".dockerignore").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  let ignored = false;
  for (const pattern of patterns) {
    const negate = pattern.startsWith("!");
    const glob = (negate ? pattern.slice(1) : pattern).replace(/^\/|\/$/g, "");
    const regex = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\0").replace(/\*/g, "[^/]*").replace(/\0/g, ".*").replace(/\?/g, "[^/]")}(/.*)?$`);
    if (regex.test(file)) ignored = !negate;
  }
  return ignored;
}

/** COPY sources from the build context (not --from another stage), with their destinations. */
function contextCopies(instructions: Instruction[]): { sources: string[]; dest: string }[] {
  return instructions
    .filter((i) => i.keyword === "COPY" && !/--from=/.test(i.args))
    .map((i) => {
      const words = i.args.split(/\s+/).filter((w) => !w.startsWith("--"));
      return { sources: words.slice(0, -1), dest: words[words.length - 1] };
    });
}

/** Files a module imports at run time through relative paths and the `~` alias, followed transitively. */
function runtimeImports(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const resolve = (from: string, specifier: string): string | null => {
    const base = specifier.startsWith("~/") ? path.join(ROOT, "app", specifier.slice(2)) : path.resolve(path.dirname(path.join(ROOT, from)), specifier);
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) return path.relative(ROOT, candidate);
    }
    return null;
  };
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = read(file);
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
      const specifier = match[1] ?? match[2];
      if (!specifier.startsWith(".") && !specifier.startsWith("~/")) continue;
      if (/^import\s+type\s/.test(match[0].trim())) continue;
      const target = resolve(file, specifier);
      expect(target, `${file} imports ${specifier}, which does not resolve`).not.toBeNull();
      visit(target!);
    }
  };
  entries.forEach(visit);
  return seen;
}

describe("Dockerfile", () => {
  const stages = dockerfileStages();
  const runtime = stages[stages.length - 1];

  it("builds on Node 22 slim in stages: npm ci, build, prune dev dependencies", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      if (!stages.some((s) => s.name === stage.from)) expect(stage.from).toBe("node:22-bookworm-slim");
    }
    const runs = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args)).join("\n");
    expect(runs).toMatch(/\bnpm ci\b/);
    expect(runs).toMatch(/\bnpm run build\b/);
    expect(runs).toMatch(/\bnpm prune --omit=dev\b/);
    expect(packageJson.scripts.build).toBeDefined();
  });

  it("supports the Node major the image runs: engines names it, and test:node22 runs vitest under it", () => {
    const major = imageNodeMajor(read("Dockerfile"));
    const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
    // Each supported major is a caret range; the machines' Node (the first run) and the image's.
    const majors = engines.split("||").map((range) => /^\s*\^(\d+)\.\d+\.\d+\s*$/.exec(range)?.[1]).map(Number);
    expect(majors.every((m) => Number.isInteger(m)), `engines ${engines}: expected ^X.Y.Z ranges joined by ||`).toBe(true);
    expect(majors).toContain(major);
    expect(majors).toContain(Number(process.versions.node.split(".")[0]));
    expect(packageJson.scripts["test:node22"]).toBe("tsx scripts/test-node22.ts");
  });

  it("copies only files that exist and that .dockerignore lets through", () => {
    for (const stage of stages) {
      for (const { sources } of contextCopies(stage.instructions)) {
        for (const source of sources) {
          expect(existsSync(path.join(ROOT, source)), `COPY ${source}: no such file`).toBe(true);
          expect(dockerIgnored(source), `COPY ${source}: .dockerignore leaves it out of the context`).toBe(false);
        }
      }
      for (const copy of stage.instructions.filter((i) => /--from=/.test(i.args))) {
        const from = /--from=(\S+)/.exec(copy.args)![1];
        expect(stages.map((s) => s.name), `COPY --from=${from}: no such stage`).toContain(from);
      }
    }
  });

  it("ships every file the app, the worker and the release command import at run time", () => {
    const copied = contextCopies(runtime.instructions).flatMap((c) => c.sources);
    const needed = runtimeImports(["server.ts", "workers/index.ts", "scripts/migrate.ts", "scripts/backup.ts", "scripts/restore.ts"]);
    for (const file of [...needed, "tsconfig.json", "package.json", "workers/crontab"]) {
      const inImage = copied.some((source) => file === source || file.startsWith(`${source.replace(/\/$/, "")}/`));
      expect(inImage, `${file} is needed at run time but the runtime stage does not copy it`).toBe(true);
    }
    expect(existsSync(path.join(ROOT, "db/migrations"))).toBe(true);
    expect(copied).toContain("db"); // the release command's migrations and /readyz's list of them
    const fromBuild = runtime.instructions.filter((i) => i.keyword === "COPY" && /--from=/.test(i.args)).map((i) => i.args.split(/\s+/).at(-2));
    for (const output of ["/app/node_modules", "/app/build", "/app/public"]) expect(fromBuild).toContain(output);
  });

  it("runs as a non-root user a package.json script, with no secret baked in", () => {
    const user = runtime.instructions.filter((i) => i.keyword === "USER").at(-1);
    expect(user?.args).toBeDefined();
    expect(["root", "0"]).not.toContain(user!.args.split(":")[0]);
    const cmd = runtime.instructions.filter((i) => i.keyword === "CMD").at(-1);
    expect(cmd, "the runtime stage has no CMD").toBeDefined();
    expect(runtime.instructions.some((i) => i.keyword === "ENTRYPOINT")).toBe(false);
    const argv = JSON.parse(cmd!.args) as string[];
    const script = npmScript(argv.join(" "));
    expectRunnableScript(script, "the image's CMD");
    expect(processes.app).toBe(argv.join(" "));
    for (const stage of stages) {
      for (const i of stage.instructions.filter((x) => x.keyword === "ENV" || x.keyword === "ARG")) {
        expect(i.args, `${i.keyword} ${i.args} looks like a secret baked into the image`).not.toMatch(/SECRET|TOKEN|PASSWORD|DATABASE_URL|SIGNATURE_KEY|SMTP_URL/i);
      }
    }
  });
});

describe(".env.example", () => {
  const listed = [...read(".env.example").matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);

  it("lists every variable app/lib/env.server.ts reads", () => {
    const keys = envSchemaKeys();
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) expect(listed, `.env.example does not list ${key}`).toContain(key);
  });

  it("lists only variables something reads", () => {
    const code = ["app/lib/env.server.ts", "scripts/dev.ts", "db/dev-database.ts", "scripts/backup.ts", "scripts/pg-tools.ts", "db/embedded.ts", "dev/square-sim/main.ts"]
      .filter((file) => existsSync(path.join(ROOT, file)))
      .map(read)
      .join("\n");
    for (const key of listed) expect(code, `.env.example lists ${key}, which nothing reads`).toMatch(new RegExp(`\\b${key}\\b`));
  });
});
