// What every route handler can reach: the store, webhook queue and settings, faults, timers, the simulator's identity.
import type { CatalogStore } from "./catalog";
import type { FaultInjector } from "./faults";
import type { InventoryStore } from "./inventory";
import type { SquareClock } from "./square-clock";
import type { SimState } from "./state";
import type { Timers } from "./timers";
import type { DigitalWallet } from "./types";
import type { WebhookFaults } from "./webhook-faults";
import type { WebhookConfig, WebhookDispatcher } from "./webhooks";

export interface SimSettings {
  /** How long a refund stays PENDING before it is COMPLETED. */
  refundCompletionDelayMs: number;
  /**
   * Whether the hosted checkout appends Square's documented parameters to `redirect_url` (default true, as in
   * production); false redirects to it as given, as Square's sandbox does.
   */
  redirectParameters: boolean;
  /** How a refund ends after `refundCompletionDelayMs`: COMPLETED (default), or REJECTED / FAILED as Square can report. */
  refundOutcome: "COMPLETED" | "REJECTED" | "FAILED";
  /**
   * The digital wallets the simulated buyer's browser offers (default both): Square's SDK rejects `applePay()` /
   * `googlePay()` where the browser, device or account cannot pay with them, and the stand-in does so for the others.
   */
  wallets: DigitalWallet[];
}

export interface SimContext {
  readonly state: SimState;
  readonly webhooks: WebhookDispatcher;
  /** Mutable: changed by `configure()` and `POST /sim/config`. */
  readonly webhookConfig: WebhookConfig;
  /** Mutable, likewise. */
  readonly settings: SimSettings;
  readonly faults: FaultInjector;
  readonly webhookFaults: WebhookFaults;
  readonly timers: Timers;
  readonly merchantName: string;
  /** The menu; tests change it through /sim/catalog. Not cleared by reset (see resetCatalog). */
  readonly catalog: CatalogStore;
  readonly inventory: InventoryStore;
  /** Square's clock for catalog versions and inventory counts (maybe skewed from ours). */
  readonly squareClock: SquareClock;
  /** Page size of ListCatalog, SearchCatalogObjects and BatchRetrieveInventoryCounts. */
  readonly catalogPageSize: number;
  /** e.g. "http://127.0.0.1:4010"; hosted checkout and receipt URLs are built from it. */
  readonly baseUrl: string;
}

export type SimConfig = WebhookConfig & Partial<SimSettings>;

export function nowIso(): string {
  return new Date().toISOString();
}

/** Applies the keys present in `update`; a webhook key present with `undefined` clears that setting. */
export function configureSimulator(sim: SimContext, update: SimConfig): void {
  if ("webhookUrl" in update) sim.webhookConfig.webhookUrl = update.webhookUrl;
  if ("webhookSignatureKey" in update) sim.webhookConfig.webhookSignatureKey = update.webhookSignatureKey;
  if (update.refundCompletionDelayMs !== undefined) {
    sim.settings.refundCompletionDelayMs = update.refundCompletionDelayMs;
  }
  if (update.redirectParameters !== undefined) sim.settings.redirectParameters = update.redirectParameters;
  if (update.refundOutcome !== undefined) sim.settings.refundOutcome = update.refundOutcome;
  if (update.wallets !== undefined) sim.settings.wallets = [...new Set(update.wallets)];
}

/** Waits for refunds still to complete, then for every queued webhook. */
export async function settle(sim: SimContext): Promise<void> {
  await sim.timers.idle();
  await sim.webhooks.idle();
}

/**
 * Forgets everything created since start, pending refund completions, and all API and webhook faults;
 * the catalog, location and settings stay.
 */
export function resetSimulator(sim: SimContext): void {
  sim.timers.clear();
  sim.state.reset();
  sim.catalog.clearSearchLog();
  sim.webhooks.clear();
  sim.faults.clear();
  sim.webhookFaults.clear();
}
