// The one pino logger: JSON lines, secrets and personal payment data redacted.
import pino from "pino";
import { env } from "./env.server";

// Written asynchronously: one write(2) per line, blocking on the request path, was ~5 % of the app's
// CPU on the drop day (issue 15); now the thread pool writes, and lines queued meanwhile go out
// together. Lines are still written at once when the process is idle, and what is queued is
// written synchronously when the process exits (pino's exit hook for sync: false destinations).
// The access log (access-log.server.ts) writes to the same destination.
export const logDestination = pino.destination({ dest: 1, sync: false });

export const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: "larder" },
  redact: {
    paths: [
      "req.headers.authorization",
      "req.headers.cookie",
      'req.headers["x-square-hmacsha256-signature"]',
      'res.headers["set-cookie"]',
      "password",
      "*.password",
      "cardNumber",
      "*.cardNumber",
    ],
    censor: "[redacted]",
  },
}, logDestination);
