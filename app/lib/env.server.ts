// Every environment variable the app and worker read, parsed and checked once at start.
import { z } from "zod";

const squareEnvironments = ["simulator", "sandbox", "production"] as const;

/** Signs cookies in development and tests only; production refuses to start with it. */
const DEVELOPMENT_SESSION_SECRET = "larder-development-session-secret";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    // Where /metrics listens: Fly's private network (fly-local-6pn) on Fly, loopback elsewhere.
    METRICS_HOST: z.string().min(1).optional(),
    // "1": a public demo shop that runs in production mode against the Square simulator.
    LARDER_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
    DATABASE_URL: z.string().url({ message: "must be a postgres:// URL" }),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    // A statement waiting this long for a free connection fails (a 503 page), not a hung request.
    DATABASE_POOL_WAIT_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    // Statements slower than this are logged with their query name.
    DATABASE_SLOW_QUERY_MS: z.coerce.number().int().min(1).max(600_000).default(200),
    SESSION_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    PUBLIC_URL: z.string().url().optional(),
    SQUARE_ENVIRONMENT: z.enum(squareEnvironments).default("simulator"),
    SQUARE_SIMULATOR_URL: z.string().url().default("http://127.0.0.1:4010"),
    SQUARE_ACCESS_TOKEN: z.string().min(1).optional(),
    SQUARE_APPLICATION_ID: z.string().min(1).optional(),
    SQUARE_LOCATION_ID: z.string().min(1).optional(),
    SQUARE_LOCATION_COUNTRY: z.string().regex(/^[A-Z]{2}$/, "is an ISO 3166 two-letter country code, such as US").default("US"),
    // The domain association file Square's dashboard gives for Apple Pay (a path on this machine).
    APPLE_PAY_DOMAIN_ASSOCIATION_FILE: z.string().min(1).optional(),
    SQUARE_WEBHOOK_SIGNATURE_KEY: z.string().min(1).optional(),
    SQUARE_WEBHOOK_URL: z.string().url().optional(),
    SQUARE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(10),
    SQUARE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    SQUARE_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5),
    SQUARE_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    SMTP_URL: z.string().url().optional(),
    EMAIL_FROM: z.string().min(3).default("Larder <orders@larder.local>"),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hexadecimal digits").optional(),
    TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
    TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9][0-9]{7,14}$/, "must be an E.164 number like +12175550100").optional(),
    TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, "must be MG followed by 32 hexadecimal digits").optional(),
    TWILIO_API_URL: z.string().url().default("https://api.twilio.com"),
    TWILIO_TIMEOUT_SECONDS: z.coerce.number().min(1).max(60).default(10),
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(30_000).optional(),
    // Load shedding (ops/load-shedding.server.ts): storefront requests served at once, waiting for a
    // turn, and how long one may wait before it is answered 503 with Retry-After.
    MAX_ACTIVE_REQUESTS: z.coerce.number().int().min(1).max(10_000).default(24),
    REQUEST_QUEUE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(200),
    REQUEST_QUEUE_WAIT_MS: z.coerce.number().int().min(1).max(120_000).default(10_000),
    WORKER_IN_PROCESS: z.enum(["0", "1", "true", "false"]).optional(),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
    // A worker records its heartbeat this often; one silent for WORKER_DEAD_AFTER_SECONDS (by the
    // database's clock) has its jobs unlocked by the rescue_crashed_jobs cron (every minute, or every
    // WORKER_RESCUE_EVERY_SECONDS when set: tests shorten it).
    WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
    WORKER_DEAD_AFTER_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
    WORKER_RESCUE_EVERY_SECONDS: z.coerce.number().int().min(1).max(60).optional(),
    // How often each web process looks at the owners' alarm itself (0: never, for tests that need
    // the database still while they compare it).
    INCIDENT_WATCH_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    // Server errors go to Sentry (scrubbed of personal data) when set; nothing is sent otherwise.
    SENTRY_DSN: z.string().url().optional(),
    SENTRY_ENVIRONMENT: z.string().min(1).max(64).optional(),
    // Browser errors go to Sentry when set (a DSN is public: it is written into every page); the
    // page loads Sentry's browser SDK only then, and the CSP lets it reach this DSN's origin.
    SENTRY_BROWSER_DSN: z.string().url().optional(),
    HEALTH_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((value, ctx) => {
    if (value.WORKER_DEAD_AFTER_SECONDS < 2 * value.WORKER_HEARTBEAT_SECONDS) {
      ctx.addIssue({ code: "custom", path: ["WORKER_DEAD_AFTER_SECONDS"], message: "must be at least twice WORKER_HEARTBEAT_SECONDS (one late beat must not look like a crash)" });
    }
  })
  .superRefine((value, ctx) => {
    // Texts go through Twilio only when it is configured whole; none of it: the outbox keeps them.
    if (value.TWILIO_ACCOUNT_SID || value.TWILIO_AUTH_TOKEN || value.TWILIO_FROM_NUMBER || value.TWILIO_MESSAGING_SERVICE_SID) {
      for (const key of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"] as const) {
        if (!value[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required to send texts through Twilio" });
      }
      if (!value.TWILIO_FROM_NUMBER && !value.TWILIO_MESSAGING_SERVICE_SID) {
        ctx.addIssue({ code: "custom", path: ["TWILIO_FROM_NUMBER"], message: "or TWILIO_MESSAGING_SERVICE_SID is required to send texts through Twilio" });
      }
    }
  })
  .superRefine((value, ctx) => {
    if (value.SQUARE_ENVIRONMENT === "simulator") return;
    for (const key of [
      "SQUARE_ACCESS_TOKEN",
      "SQUARE_APPLICATION_ID",
      "SQUARE_LOCATION_ID",
      "SQUARE_WEBHOOK_SIGNATURE_KEY",
      "SQUARE_WEBHOOK_URL",
    ] as const) {
      if (!value[key]) {
        ctx.addIssue({ code: "custom", path: [key], message: `is required when SQUARE_ENVIRONMENT=${value.SQUARE_ENVIRONMENT}` });
      }
    }
  })
  .superRefine((value, ctx) => {
    // Whichever Square environment: a production process never signs cookies with the public
    // development secret (it used to, with the simulator left as the default).
    if (value.NODE_ENV === "production" && (!value.SESSION_SECRET || value.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production, and must not be the development value" });
    }
    if (value.NODE_ENV !== "production") return;
    // Absolute links (Square's return URL, emails) and the same-origin check come from configuration.
    if (!value.PUBLIC_URL) ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "is required in production (the shop's address, like https://shop.example.com)" });
    // The simulator takes any card: in production only a demo shop may use it, and says so.
    if (value.SQUARE_ENVIRONMENT === "simulator" && !["1", "true"].includes(value.LARDER_DEMO ?? "")) {
      ctx.addIssue({ code: "custom", path: ["SQUARE_ENVIRONMENT"], message: "is the simulator (no real payments): set SQUARE_ENVIRONMENT=production, or LARDER_DEMO=1 for a demo shop" });
    }
  });

// The simulator's fixed identity, so a development shop works with no Square account.
export const SIMULATOR_DEFAULTS = {
  accessToken: "simulator-access-token",
  applicationId: "sandbox-sq0idb-simulator",
  locationId: "LSIM0001",
  webhookSignatureKey: "larder-simulator-signature-key",
} as const;

function loadEnv() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    // One clear line and a non-zero exit, not a stack trace: the operator's fix is in the message.
    process.stderr.write(`Invalid configuration: ${lines.join("; ")} (see .env.example)\n`);
    process.exit(1);
  }
  const raw = parsed.data;
  const simulator = raw.SQUARE_ENVIRONMENT === "simulator";
  return {
    ...raw,
    isProduction: raw.NODE_ENV === "production",
    workerInProcess: raw.WORKER_IN_PROCESS === "1" || raw.WORKER_IN_PROCESS === "true",
    // After SIGTERM the app keeps serving this long, answering /readyz 503, so the proxy can stop
    // routing to it before it stops listening.
    shutdownDrainMs: raw.SHUTDOWN_DRAIN_MS ?? (raw.NODE_ENV === "production" ? 3_000 : 0),
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ""),
    /** The shop's origin from configuration (PUBLIC_URL; in development http://localhost:PORT). */
    publicOrigin: new URL(raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).origin,
    metricsHost: raw.METRICS_HOST ?? (process.env.FLY_APP_NAME ? "fly-local-6pn" : "127.0.0.1"),
    sessionSecret: raw.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    // Null: texts are kept in the sms_outbox table (development, tests) instead of sent.
    twilio: raw.TWILIO_ACCOUNT_SID && raw.TWILIO_AUTH_TOKEN && (raw.TWILIO_FROM_NUMBER || raw.TWILIO_MESSAGING_SERVICE_SID)
      ? {
          accountSid: raw.TWILIO_ACCOUNT_SID,
          authToken: raw.TWILIO_AUTH_TOKEN,
          from: raw.TWILIO_FROM_NUMBER ?? null,
          messagingServiceSid: raw.TWILIO_MESSAGING_SERVICE_SID ?? null,
          apiUrl: raw.TWILIO_API_URL.replace(/\/$/, ""),
          timeoutMs: raw.TWILIO_TIMEOUT_SECONDS * 1000,
        }
      : null,
    square: {
      environment: raw.SQUARE_ENVIRONMENT,
      baseUrl: simulator
        ? raw.SQUARE_SIMULATOR_URL
        : raw.SQUARE_ENVIRONMENT === "sandbox"
          ? "https://connect.squareupsandbox.com"
          : "https://connect.squareup.com",
      accessToken: raw.SQUARE_ACCESS_TOKEN ?? SIMULATOR_DEFAULTS.accessToken,
      applicationId: raw.SQUARE_APPLICATION_ID ?? SIMULATOR_DEFAULTS.applicationId,
      locationId: raw.SQUARE_LOCATION_ID ?? SIMULATOR_DEFAULTS.locationId,
      // Apple Pay and Google Pay payment requests name the seller's country (the location's, in Square).
      locationCountry: raw.SQUARE_LOCATION_COUNTRY,
      // Served at /.well-known/apple-developer-merchantid-domain-association for Apple's domain check.
      applePayDomainAssociationFile: raw.APPLE_PAY_DOMAIN_ASSOCIATION_FILE ?? null,
      webhookSignatureKey: raw.SQUARE_WEBHOOK_SIGNATURE_KEY ?? SIMULATOR_DEFAULTS.webhookSignatureKey,
      webhookUrl: raw.SQUARE_WEBHOOK_URL ?? `http://127.0.0.1:${raw.PORT}/webhooks/square`,
      // The Web Payments SDK the browser loads for the in-page card form.
      webPaymentsScriptUrl: simulator
        ? `${raw.SQUARE_SIMULATOR_URL.replace(/\/$/, "")}/web-payments-sdk.js`
        : raw.SQUARE_ENVIRONMENT === "sandbox"
          ? "https://sandbox.web.squarecdn.com/v1/square.js"
          : "https://web.squarecdn.com/v1/square.js",
      timeoutSeconds: raw.SQUARE_TIMEOUT_SECONDS,
      maxAttempts: raw.SQUARE_MAX_ATTEMPTS,
      breakerThreshold: raw.SQUARE_BREAKER_THRESHOLD,
      breakerCooldownMs: raw.SQUARE_BREAKER_COOLDOWN_MS,
    },
  };
}

export type Env = ReturnType<typeof loadEnv>;
export const env: Env = loadEnv();
