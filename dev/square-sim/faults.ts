// Fault injection for the Square API: rules matched per operation that add latency, answer an error status,
// or perform the operation and then never answer.
import { z } from "zod";
import { badRequest } from "./errors";
import type { Reply } from "./http";
import { type Random, seededRandom } from "./random";
import type { SquareErrorDetail } from "./types";
import { parseRequest } from "./validation";

const faultRuleSchema = z
  .object({
    /** e.g. "payments.create", or "*" for every Square API operation. */
    operation: z.string().min(1),
    status: z.number().int().min(400).max(599).optional(),
    /** Sent as `Retry-After` (seconds) with `status`. */
    retry_after_seconds: z.number().int().min(0).max(3600).optional(),
    latency_ms: z.number().int().min(0).max(120_000).optional(),
    /** Perform the operation (commit it), then never answer. */
    timeout_after_commit: z.boolean().optional(),
    /** With `timeout_after_commit`: destroy the socket after this long instead of holding it until the client leaves. */
    hang_ms: z.number().int().min(0).max(600_000).optional(),
    /** Probability (0..1) that a matching request is faulted. Default 1. */
    rate: z.number().min(0).max(1).optional(),
    /** Makes `rate` deterministic. */
    seed: z.union([z.number().int(), z.string()]).optional(),
    /** Fire at most this many times. */
    count: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: "custom", message, params: { code: "INVALID_VALUE" } });
    if (rule.status === undefined && rule.latency_ms === undefined && !rule.timeout_after_commit)
      problem("A rule needs at least one of `status`, `latency_ms`, `timeout_after_commit`.");
    if (rule.status !== undefined && rule.timeout_after_commit)
      problem("`status` and `timeout_after_commit` exclude each other.");
    if (rule.retry_after_seconds !== undefined && rule.status === undefined)
      problem("`retry_after_seconds` needs `status`.");
    if (rule.hang_ms !== undefined && !rule.timeout_after_commit) problem("`hang_ms` needs `timeout_after_commit`.");
  });

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema>;

export interface FaultRuleView extends FaultRule {
  id: number;
  /** Times this rule was applied. */
  fired: number;
}

interface ActiveRule extends FaultRuleView {
  random: Random;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  /** `operations` lists the operation names routes declare, read when a rule is added. */
  constructor(private readonly operations: () => ReadonlySet<string>) {}

  /** Validates and appends a rule (400 in Square's envelope if wrong); rules are tried in the order added. */
  add(input: unknown): FaultRuleView {
    const rule = parseRequest(faultRuleSchema, input);
    if (rule.operation !== "*" && !this.operations().has(rule.operation)) {
      const known = [...this.operations()].sort().join(", ");
      throw badRequest(
        "INVALID_VALUE",
        `Unknown operation \`${rule.operation}\`; use "*" or one of: ${known}.`,
        "operation"
      );
    }
    const active: ActiveRule = { ...rule, id: this.nextId++, fired: 0, random: seededRandom(rule.seed) };
    this.rules.push(active);
    return view(active);
  }

  list(): FaultRuleView[] {
    return this.rules.map(view);
  }

  clear(): void {
    this.rules = [];
  }

  /** Drops rules added after the first `length`: undoes a batch that failed validation part-way. */
  truncate(length: number): void {
    this.rules = this.rules.slice(0, length);
  }

  /** The first rule for `operation` that still has firings left and wins its `rate` roll; counts it as fired. */
  pick(operation: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.operation !== "*" && rule.operation !== operation) continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (rule.rate !== undefined && rule.random() >= rule.rate) continue;
      rule.fired += 1;
      return rule;
    }
    return undefined;
  }
}

function view({ random: _random, ...rule }: ActiveRule): FaultRuleView {
  return { ...rule };
}

const STATUS_ERRORS: Record<number, Pick<SquareErrorDetail, "category" | "code">> = {
  400: { category: "INVALID_REQUEST_ERROR", code: "BAD_REQUEST" },
  401: { category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED" },
  403: { category: "AUTHENTICATION_ERROR", code: "FORBIDDEN" },
  404: { category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND" },
  408: { category: "INVALID_REQUEST_ERROR", code: "REQUEST_TIMEOUT" },
  409: { category: "INVALID_REQUEST_ERROR", code: "CONFLICT" },
  429: { category: "RATE_LIMIT_ERROR", code: "RATE_LIMITED" },
  500: { category: "API_ERROR", code: "INTERNAL_SERVER_ERROR" },
  502: { category: "API_ERROR", code: "BAD_GATEWAY" },
  503: { category: "API_ERROR", code: "SERVICE_UNAVAILABLE" },
  504: { category: "API_ERROR", code: "GATEWAY_TIMEOUT" },
};

/** The error answer of a `status` rule, in Square's envelope with the code Square uses for that status. */
export function faultReply(rule: FaultRule & { status: number }, operation: string): Reply {
  const error =
    STATUS_ERRORS[rule.status] ??
    (rule.status < 500
      ? { category: "INVALID_REQUEST_ERROR", code: "BAD_REQUEST" }
      : { category: "API_ERROR", code: "INTERNAL_SERVER_ERROR" });
  return {
    status: rule.status,
    json: { errors: [{ ...error, detail: `Injected fault: ${operation} answered ${rule.status}.` }] },
    ...(rule.retry_after_seconds !== undefined ? { headers: { "retry-after": String(rule.retry_after_seconds) } } : {}),
  };
}
