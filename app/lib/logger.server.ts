// The one pino logger: JSON lines, secrets and personal payment data redacted.
import pino from "pino";
import { env } from "./env.server";

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
});
