// Maintenance mode: while it is on, the storefront answers 503 with a friendly page; the admin,
// health checks and Square's webhooks keep working. The setting lives in Postgres (shared by every
// app machine); each process rereads it at most every few seconds.
import type { AuditContext } from "./audit.server";
import { sql } from "~/lib/db.server";

export interface Maintenance {
  enabled: boolean;
  message: string | null;
}

const TTL_MS = 5_000;

declare global {
  // Shared by every copy of this module in the process (server.ts and the Remix build both load it).
  var __larderMaintenance: { value: Maintenance; at: number } | null | undefined;
}

export async function getMaintenance(): Promise<Maintenance> {
  const cached = globalThis.__larderMaintenance;
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const [row] = await sql<{ value: { enabled?: boolean; message?: string | null } }[]>`
    select value from settings where key = 'shop.maintenance'`;
  const value = { enabled: row?.value.enabled === true, message: row?.value.message ?? null };
  globalThis.__larderMaintenance = { value, at: Date.now() };
  return value;
}

export async function setMaintenance(enabled: boolean, message: string | null, context: AuditContext) {
  await sql`select set_maintenance_mode(${enabled}, ${message}, ${context.admin.id}, ${context.requestId}, ${context.ip})`;
  globalThis.__larderMaintenance = null;
}

/** Paths that keep working during maintenance: the admin, health checks, webhooks and assets. */
export function servedDuringMaintenance(path: string): boolean {
  return /^\/(admin(\/|$)|webhooks\/|healthz$|readyz$|build\/|favicon|styles\.css$)/.test(path);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function maintenancePage(shopName: string, message: string | null): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>We'll be right back — ${escapeHtml(shopName)}</title><link rel="stylesheet" href="/styles.css"></head>
<body><header class="site-header"><span class="brand" style="color:#fff">${escapeHtml(shopName)}</span></header>
<main><section class="panel"><h1>We'll be right back</h1>
<p>${escapeHtml(message ?? "Online ordering is paused for a few minutes while we tidy up. Please try again shortly.")}</p>
<p class="muted">Orders you already placed are safe.</p></section></main></body></html>`;
}
