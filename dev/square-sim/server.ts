// Starts the Square simulator: one node:http server for the Square v2 API, the hosted checkout and /sim controls.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { apiRoutes, checkBearerToken } from "./api";
import { type CatalogObject, type CatalogObjectInput, type CatalogSearchLogEntry, CatalogStore } from "./catalog";
import {
  catalogControlRoutes,
  deleteCatalogObjects,
  resetCatalog,
  setInventoryCounts,
  upsertCatalogObjects as upsertCatalog,
} from "./catalog-control";
import { type SimConfig, type SimContext, configureSimulator, resetSimulator, settle } from "./context";
import { controlRoutes } from "./control";
import { FaultInjector, type FaultRuleInput, type FaultRuleView, faultReply } from "./faults";
import { type CountInput, InventoryStore } from "./inventory";
import { receiptHandler, showCheckoutHandler, submitCheckoutHandler } from "./hosted-checkout";
import { type InStoreSale, recordInStoreSales } from "./in-store-sales";
import { type Reply, type Route, errorReply, findRoute, hang, json, readBody, routeNotFound, writeReply } from "./http";
import { LOCATION_ID } from "./location";
import { SquareClock } from "./square-clock";
import { SimState } from "./state";
import { Timers } from "./timers";
import type { InventoryCount, LedgerEntry, RefundLedgerEntry } from "./types";
import { type WebhookFaultConfig, WebhookFaults } from "./webhook-faults";
import { type DeliveryLogEntry, type WebhookConfig, WebhookDispatcher } from "./webhooks";
import { walletRoutes } from "./wallets";
import { webPaymentsRoutes } from "./web-payments";

export type { DeliveryLogEntry, FaultRuleInput, FaultRuleView, LedgerEntry, RefundLedgerEntry, WebhookFaultConfig };
export type { CatalogObject, CatalogObjectInput, CatalogSearchLogEntry, CountInput, InventoryCount };
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
  /**
   * Page size of ListCatalog, SearchCatalogObjects and BatchRetrieveInventoryCounts. Default 100 (Square's
   * ListCatalog page); lower it to exercise paging.
   */
  catalogPageSize?: number;
  /** How far Square's clock (catalog `updated_at`, `latest_time`, count `calculated_at`) is ahead of ours. Default 0. */
  squareClockSkewMs?: number;
  /** How long a refund stays PENDING before it is COMPLETED. Default 100. */
  refundCompletionDelayMs?: number;
}

export interface SquareSimulator {
  /** e.g. http://127.0.0.1:4123, to pass as the SDK's `environment`. */
  url: string;
  port: number;
  locationId: string;
  configure(
    opts: Partial<Pick<SquareSimulatorOptions, "webhookUrl" | "webhookSignatureKey" | "refundCompletionDelayMs">> & Partial<Pick<SimConfig, "redirectParameters" | "refundOutcome" | "wallets">>,
  ): void;
  /**
   * Clears payments, orders, payment links, refunds, card tokens, idempotency keys, the webhook log, pending
   * refund completions, and API and webhook faults.
   */
  reset(): void;
  /** Every payment, oldest first. */
  ledger(): LedgerEntry[];
  /** Every refund, oldest first. */
  refunds(): RefundLedgerEntry[];
  /** Number of COMPLETED payments per order id. */
  capturedByOrder(): Record<string, number>;
  webhookLog(): DeliveryLogEntry[];
  /** Square API requests per operation name (e.g. `{ "payments.get": 3 }`) since start or reset. */
  operationCounts(): Record<string, number>;
  /** Sales rung up on the shop's POS (not by the app): each a paid order with its three webhooks. */
  inStoreSales(count: number): InStoreSale[];
  /**
   * Resolves once pending refunds have completed and every queued webhook is delivered, has failed for good,
   * was dropped, or was skipped (no URL).
   */
  waitForWebhooks(): Promise<void>;
  /** The menu, as a merchant changes it in Square's dashboard; each change sends `catalog.version.updated`. */
  catalog: {
    get(id: string): CatalogObject | undefined;
    /** Creates or changes objects (see README); returns the changed top-level objects. */
    upsert(...objects: CatalogObjectInput[]): CatalogObject[];
    /** Deletes objects (and an item's variations, a list's modifiers); returns every id deleted. */
    delete(...ids: string[]): string[];
    /** The seeded menu and stock back, all with new versions. */
    reset(): void;
    latestTime(): string;
    /** Every SearchCatalogObjects request since start or reset, oldest first. */
    searches(): CatalogSearchLogEntry[];
  };
  /** IN_STOCK counts; each change sends `inventory.count.updated`. */
  inventory: {
    get(catalogObjectId: string): InventoryCount | undefined;
    set(...counts: CountInput[]): InventoryCount[];
  };
  /** Square API fault rules (see README). */
  faults: {
    add(rule: FaultRuleInput): FaultRuleView;
    list(): FaultRuleView[];
    clear(): void;
  };
  /** Webhook delivery faults (see README); `set` replaces the whole configuration. */
  webhookFaults: {
    set(config: WebhookFaultConfig): WebhookFaultConfig;
    get(): WebhookFaultConfig;
    clear(): void;
  };
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

/** Runs a Square operation under the fault rule that fires for it, if any. */
async function runOperation(sim: SimContext, operation: string, run: () => Promise<Reply>): Promise<Reply> {
  sim.state.operationCounts.set(operation, (sim.state.operationCounts.get(operation) ?? 0) + 1);
  const fault = sim.faults.pick(operation);
  if (fault?.latency_ms) await sleep(fault.latency_ms);
  if (fault?.status !== undefined) return faultReply({ ...fault, status: fault.status }, operation);
  const reply = await run();
  // Committed (or refused: whatever happened), and the client never hears of it.
  return fault?.timeout_after_commit ? hang(fault.hang_ms) : reply;
}

/**
 * The control endpoints (/sim/*) change the simulator for every client (reset, faults, config), so a
 * web page on another origin must not drive them: a browser's Origin or Sec-Fetch-Site naming another
 * site is refused. Tests and scripts send neither and pass, as do the simulator's own pages.
 */
export function crossOriginControlRequest(method: string, pathname: string, headers: IncomingMessage["headers"], ownOrigin: string): boolean {
  if (!pathname.startsWith("/sim/") || method === "GET" || method === "HEAD") return false;
  const origin = headers.origin;
  if (origin !== undefined) return origin !== ownOrigin;
  const site = headers["sec-fetch-site"];
  return site !== undefined && site !== "same-origin" && site !== "none";
}

async function handle(sim: SimContext, routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  let reply: Reply;
  try {
    const url = new URL(req.url ?? "/", sim.baseUrl);
    if (crossOriginControlRequest(method, url.pathname, req.headers, new URL(sim.baseUrl).origin)) {
      writeReply(res, json(403, { errors: [{ category: "INVALID_REQUEST_ERROR", code: "FORBIDDEN", detail: "The simulator's control endpoints refuse requests from other origins." }] }), () => {});
      return;
    }
    const found = findRoute(routes, method, url.pathname);
    if (url.pathname.startsWith("/v2/") && !found?.route.public) checkBearerToken(req.headers);
    if (found) {
      const body = await readBody(req);
      const run = async () => {
        try {
          return await found.route.handler({ url, params: found.params, body });
        } catch (error) {
          return errorReply(error);
        }
      };
      reply = found.route.operation ? await runOperation(sim, found.route.operation, run) : await run();
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
  const webhookFaults = new WebhookFaults();
  let operations: ReadonlySet<string> = new Set();
  const baseUrl = `http://${urlHost(host)}:${port}`;
  const squareClock = new SquareClock(opts.squareClockSkewMs ?? 0);
  const catalog = new CatalogStore(squareClock, `${baseUrl}/catalog-images`);
  const sim: SimContext = {
    state: new SimState(),
    webhooks: new WebhookDispatcher({
      retryDelaysMs: opts.webhookRetryDelaysMs ?? [200, 1000, 3000],
      timeoutMs: opts.webhookTimeoutMs ?? 5000,
      config: () => webhookConfig,
      faults: webhookFaults,
    }),
    webhookConfig,
    settings: { refundCompletionDelayMs: opts.refundCompletionDelayMs ?? 100, redirectParameters: true, refundOutcome: "COMPLETED", wallets: ["APPLE_PAY", "GOOGLE_PAY"] },
    faults: new FaultInjector(() => operations),
    webhookFaults,
    timers: new Timers(),
    merchantName: opts.merchantName ?? DEFAULT_MERCHANT_NAME,
    catalog,
    inventory: new InventoryStore(squareClock, catalog),
    squareClock,
    catalogPageSize: opts.catalogPageSize ?? 100,
    baseUrl,
  };
  const routes: Route[] = [
    ...apiRoutes(sim),
    ...webPaymentsRoutes(sim),
    ...walletRoutes(sim),
    ...controlRoutes(sim),
    ...catalogControlRoutes(sim),
    { method: "GET", path: "/checkout/:linkId", handler: showCheckoutHandler(sim) },
    { method: "POST", path: "/checkout/:linkId", handler: submitCheckoutHandler(sim) },
    { method: "GET", path: "/receipt/:paymentId", handler: receiptHandler(sim) },
  ];
  operations = new Set(routes.flatMap((route) => (route.operation ? [route.operation] : [])));
  // No request can arrive before this line runs: connections are only accepted on a later event-loop turn.
  server.on("request", (req, res) => void handle(sim, routes, req, res));

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    sim.timers.clear();
    await sim.webhooks.close();
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // The SDK keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
    });
  };

  const started = <T>(result: T): T => {
    sim.webhooks.start();
    return result;
  };

  return {
    url: sim.baseUrl,
    port,
    locationId: LOCATION_ID,
    configure: (update: SimConfig) => configureSimulator(sim, update),
    reset: () => resetSimulator(sim),
    ledger: () => sim.state.ledger(),
    refunds: () => sim.state.refundLedger(),
    capturedByOrder: () => sim.state.capturedByOrder(),
    webhookLog: () => sim.webhooks.log(),
    operationCounts: () => Object.fromEntries(sim.state.operationCounts),
    inStoreSales: (count) => started(recordInStoreSales(sim, count)),
    waitForWebhooks: () => settle(sim),
    // Called from test code, not from a request: nothing else would start the webhook queue.
    catalog: {
      get: (id) => sim.catalog.get(id),
      upsert: (...objects) => started(upsertCatalog(sim, objects)),
      delete: (...ids) => started(deleteCatalogObjects(sim, ids)),
      reset: () => started(resetCatalog(sim)),
      latestTime: () => sim.catalog.latestTime(),
      searches: () => sim.catalog.searchLog(),
    },
    inventory: {
      get: (id) => sim.inventory.get(id),
      set: (...counts) => started(setInventoryCounts(sim, counts)),
    },
    faults: {
      add: (rule) => sim.faults.add(rule),
      list: () => sim.faults.list(),
      clear: () => sim.faults.clear(),
    },
    webhookFaults: {
      set: (config) => sim.webhookFaults.set(config),
      get: () => sim.webhookFaults.get(),
      clear: () => sim.webhookFaults.clear(),
    },
    stop: () => (stopped ??= stop()),
  };
}
