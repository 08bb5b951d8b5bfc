// Unauthenticated /sim/* endpoints for tests and developers: ledger, reset, webhook log and config.
import { z } from "zod";
import { type SimContext, configureWebhooks, resetSimulator } from "./context";
import { type Route, json, parseJsonObject } from "./http";
import { parseRequest } from "./validation";

/** null clears a setting; an absent key leaves it unchanged. */
const configSchema = z.object({
  webhookUrl: z.string().url().nullable().optional(),
  webhookSignatureKey: z.string().min(1).nullable().optional(),
});

function configView(sim: SimContext) {
  return {
    webhookUrl: sim.webhookConfig.webhookUrl ?? null,
    webhookSignatureKeySet: Boolean(sim.webhookConfig.webhookSignatureKey),
  };
}

export function controlRoutes(sim: SimContext): Route[] {
  return [
    { method: "GET", path: "/sim/ledger", handler: () => json(200, { payments: sim.state.ledger() }) },
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
        await sim.webhooks.idle();
        return json(200, sim.webhooks.log());
      },
    },
    { method: "GET", path: "/sim/config", handler: () => json(200, configView(sim)) },
    {
      method: "POST",
      path: "/sim/config",
      handler: ({ body }) => {
        const update = parseRequest(configSchema, parseJsonObject(body));
        configureWebhooks(
          sim,
          Object.fromEntries(Object.entries(update).map(([key, value]) => [key, value ?? undefined])),
        );
        return json(200, configView(sim));
      },
    },
  ];
}
