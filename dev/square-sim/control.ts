// Unauthenticated /sim/* endpoints for tests and developers: ledger, reset, webhook log, config and faults.
import { z } from "zod";
import { type SimContext, configureSimulator, resetSimulator, settle } from "./context";
import { badRequest } from "./errors";
import { type Route, json, parseJsonObject } from "./http";
import { recordInStoreSales } from "./in-store-sales";
import { parseRequest } from "./validation";

/** null clears a setting; an absent key leaves it unchanged. */
const configSchema = z.object({
  webhookUrl: z.string().url().nullable().optional(),
  webhookSignatureKey: z.string().min(1).nullable().optional(),
  refundCompletionDelayMs: z.number().int().min(0).max(600_000).optional(),
  redirectParameters: z.boolean().optional(),
  refundOutcome: z.enum(["COMPLETED", "REJECTED", "FAILED"]).optional(),
  wallets: z.array(z.enum(["APPLE_PAY", "GOOGLE_PAY"])).optional(),
});

const inStoreSalesSchema = z.object({ count: z.number().int().min(1).max(5000) });

function configView(sim: SimContext) {
  return {
    webhookUrl: sim.webhookConfig.webhookUrl ?? null,
    webhookSignatureKeySet: Boolean(sim.webhookConfig.webhookSignatureKey),
    refundCompletionDelayMs: sim.settings.refundCompletionDelayMs,
    redirectParameters: sim.settings.redirectParameters,
    refundOutcome: sim.settings.refundOutcome,
    wallets: sim.settings.wallets,
  };
}

/** Any JSON value (an empty body is `{}`), or 400 EXPECTED_JSON_BODY. */
function parseJson(body: string): unknown {
  if (!body.trim()) return {};
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw badRequest("EXPECTED_JSON_BODY", "The request body is not valid JSON.");
  }
}

export function controlRoutes(sim: SimContext): Route[] {
  return [
    {
      method: "GET",
      path: "/sim/operations",
      handler: () => json(200, Object.fromEntries(sim.state.operationCounts)),
    },
    {
      method: "POST",
      path: "/sim/in-store-sales",
      handler: ({ body }) => {
        const { count } = parseRequest(inStoreSalesSchema, parseJson(body));
        const sales = recordInStoreSales(sim, count);
        sim.webhooks.start();
        return json(200, { sales });
      },
    },
    {
      method: "GET",
      path: "/sim/ledger",
      handler: () =>
        json(200, {
          payments: sim.state.ledger(),
          refunds: sim.state.refundLedger(),
          captured_by_order: sim.state.capturedByOrder(),
        }),
    },
    {
      method: "POST",
      path: "/sim/reset",
      handler: () => {
        resetSimulator(sim);
        return json(200, { reset: true });
      },
    },
    { method: "GET", path: "/sim/webhooks", handler: () => json(200, sim.webhooks.log()) },
    {
      method: "POST",
      path: "/sim/webhooks/flush",
      handler: async () => {
        await settle(sim);
        return json(200, sim.webhooks.log());
      },
    },
    { method: "GET", path: "/sim/config", handler: () => json(200, configView(sim)) },
    {
      method: "POST",
      path: "/sim/config",
      handler: ({ body }) => {
        const update = parseRequest(configSchema, parseJsonObject(body));
        configureSimulator(
          sim,
          Object.fromEntries(Object.entries(update).map(([key, value]) => [key, value ?? undefined])),
        );
        return json(200, configView(sim));
      },
    },
    { method: "GET", path: "/sim/faults", handler: () => json(200, { rules: sim.faults.list() }) },
    {
      method: "POST",
      path: "/sim/faults",
      handler: ({ body }) => {
        // One rule, or an array of rules; all are validated before any is added.
        const input = parseJson(body);
        const rules = Array.isArray(input) ? input : [input];
        const before = sim.faults.list().length;
        try {
          for (const rule of rules) sim.faults.add(rule);
        } catch (error) {
          sim.faults.truncate(before);
          throw error;
        }
        return json(200, { rules: sim.faults.list() });
      },
    },
    {
      method: "DELETE",
      path: "/sim/faults",
      handler: () => {
        sim.faults.clear();
        return json(200, { rules: [] });
      },
    },
    { method: "GET", path: "/sim/webhook-faults", handler: () => json(200, sim.webhookFaults.get()) },
    {
      method: "POST",
      path: "/sim/webhook-faults",
      handler: ({ body }) => json(200, sim.webhookFaults.set(parseJson(body))),
    },
    {
      method: "DELETE",
      path: "/sim/webhook-faults",
      handler: () => {
        sim.webhookFaults.clear();
        return json(200, {});
      },
    },
  ];
}
