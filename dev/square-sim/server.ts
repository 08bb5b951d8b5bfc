// Starts the Square simulator: one node:http server for the Square v2 API, the hosted checkout and /sim controls.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { apiRoutes, checkBearerToken } from "./api";
import { type SimContext, configureWebhooks, resetSimulator } from "./context";
import { controlRoutes } from "./control";
import { receiptHandler, showCheckoutHandler, submitCheckoutHandler } from "./hosted-checkout";
import { type Reply, type Route, errorReply, findRoute, readBody, routeNotFound, writeReply } from "./http";
import { LOCATION_ID } from "./location";
import { SimState } from "./state";
import type { LedgerEntry } from "./types";
import { type DeliveryLogEntry, type WebhookConfig, WebhookDispatcher } from "./webhooks";

export type { DeliveryLogEntry, LedgerEntry };
export type { WebhookEvent } from "./types";

export interface SquareSimulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where webhooks are POSTed; also the notification URL the signature covers. Unset: events are logged, not sent. */
  webhookUrl?: string;
  webhookSignatureKey?: string;
  /** Shown on the location and the hosted checkout page. */
  merchantName?: string;
  /** Wait before each webhook retry; its length is the number of retries. Default [200, 1000, 3000]. */
  webhookRetryDelaysMs?: number[];
  /** Timeout of one webhook POST. Default 5000. */
  webhookTimeoutMs?: number;
  /** ListCatalog page size. Default 100 (Square's); lower it to exercise paging. */
  catalogPageSize?: number;
}

export interface SquareSimulator {
  /** e.g. http://127.0.0.1:4123, to pass as the SDK's `environment`. */
  url: string;
  port: number;
  locationId: string;
  configure(opts: Partial<Pick<SquareSimulatorOptions, "webhookUrl" | "webhookSignatureKey">>): void;
  /** Clears payments, orders, payment links, idempotency keys and the webhook log. */
  reset(): void;
  ledger(): LedgerEntry[];
  webhookLog(): DeliveryLogEntry[];
  /** Resolves once every queued webhook is delivered, has failed for good, or was skipped (no URL). */
  waitForWebhooks(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_MERCHANT_NAME = "Larder Demo Kitchen";

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

async function handle(sim: SimContext, routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  let reply: Reply;
  try {
    const url = new URL(req.url ?? "/", sim.baseUrl);
    if (url.pathname.startsWith("/v2/")) checkBearerToken(req.headers);
    const found = findRoute(routes, method, url.pathname);
    if (found) {
      const body = await readBody(req);
      reply = await found.route.handler({ url, params: found.params, body });
    } else {
      reply = routeNotFound(method, url.pathname);
    }
  } catch (error) {
    reply = errorReply(error);
  }
  // Webhooks go out only after the response that caused them, as with Square.
  writeReply(res, reply, () => sim.webhooks.start());
}

export async function startSquareSimulator(opts: SquareSimulatorOptions = {}): Promise<SquareSimulator> {
  const host = opts.host ?? "127.0.0.1";
  const server = createServer();
  const port = await listen(server, opts.port ?? 0, host);
  const webhookConfig: WebhookConfig = { webhookUrl: opts.webhookUrl, webhookSignatureKey: opts.webhookSignatureKey };
  const sim: SimContext = {
    state: new SimState(),
    webhooks: new WebhookDispatcher({
      retryDelaysMs: opts.webhookRetryDelaysMs ?? [200, 1000, 3000],
      timeoutMs: opts.webhookTimeoutMs ?? 5000,
      config: () => webhookConfig,
    }),
    webhookConfig,
    merchantName: opts.merchantName ?? DEFAULT_MERCHANT_NAME,
    catalogPageSize: opts.catalogPageSize ?? 100,
    baseUrl: `http://${urlHost(host)}:${port}`,
  };
  const routes: Route[] = [
    ...apiRoutes(sim),
    ...controlRoutes(sim),
    { method: "GET", path: "/checkout/:linkId", handler: showCheckoutHandler(sim) },
    { method: "POST", path: "/checkout/:linkId", handler: submitCheckoutHandler(sim) },
    { method: "GET", path: "/receipt/:paymentId", handler: receiptHandler(sim) },
  ];
  // No request can arrive before this line runs: connections are only accepted on a later event-loop turn.
  server.on("request", (req, res) => void handle(sim, routes, req, res));

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    await sim.webhooks.close();
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // The SDK keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
    });
  };

  return {
    url: sim.baseUrl,
    port,
    locationId: LOCATION_ID,
    configure: (update) => configureWebhooks(sim, update),
    reset: () => resetSimulator(sim),
    ledger: () => sim.state.ledger(),
    webhookLog: () => sim.webhooks.log(),
    waitForWebhooks: () => sim.webhooks.idle(),
    stop: () => (stopped ??= stop()),
  };
}
