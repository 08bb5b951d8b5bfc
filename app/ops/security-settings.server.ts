// The shop's rate limits and holds (docs/decisions/008): settings in Postgres, each with its default
// in SQL (security_settings()), shared by every app machine; each process rereads them at most
// every few seconds. Owners change them on /admin/security (set_security_settings, audit-logged).
import type { JSONValue } from "postgres";
import type { AuditContext } from "./audit.server";
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";

export const LIMIT_NAMES = [
  "sign_in_per_account", "sign_in_per_ip", "place_order_per_ip", "place_order_per_email",
  "payment_per_ip", "payment_per_email", "promo_code_per_cart", "promo_code_per_ip", "post_per_ip",
  "account_code_email_per_email", "account_code_email_per_ip", "account_code_wrong_per_email", "account_code_wrong_per_ip",
] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

export const HOLD_NAMES = ["unpaid_orders", "card_minutes", "payment_link_minutes"] as const;
export type HoldName = (typeof HOLD_NAMES)[number];

export interface Limit {
  limit: number;
  minutes: number;
}

export interface SecuritySettings {
  limits: Record<LimitName, Limit & { isDefault: boolean }>;
  holds: Record<HoldName, { value: number; isDefault: boolean }>;
}

const TTL_MS = 5_000;

declare global {
  // Shared by every copy of this module in the process (server.ts and the Remix build both load it).
  var __larderSecuritySettings: { value: SecuritySettings; at: number } | null | undefined;
}

export async function getSecuritySettings(): Promise<SecuritySettings> {
  const cached = globalThis.__larderSecuritySettings;
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const rows = await sql<{ key: string; value: unknown; defaultValue: unknown }[]>`
    select key, value, default_value as "defaultValue" from security_settings()`;
  const value = { limits: {}, holds: {} } as SecuritySettings;
  for (const row of rows) {
    const [kind, name] = row.key.split(".");
    const isDefault = JSON.stringify(row.value) === JSON.stringify(row.defaultValue);
    if (kind === "limits") value.limits[name as LimitName] = { ...(row.value as Limit), isDefault };
    else value.holds[name as HoldName] = { value: Number(row.value), isDefault };
  }
  globalThis.__larderSecuritySettings = { value, at: Date.now() };
  return value;
}

/** Forgets this process's copy, so the next read sees the database (after a change, in tests). */
export function forgetSecuritySettings() {
  globalThis.__larderSecuritySettings = null;
}

export interface SecurityChanges {
  limits: Partial<Record<LimitName, Limit>>;
  holds: Partial<Record<HoldName, number>>;
}

/** An owner's change; returns how many settings changed (each one audit-logged). */
export async function setSecuritySettings(changes: SecurityChanges, audit: AuditContext): Promise<number> {
  const values: Record<string, Limit | number> = {};
  for (const [name, limit] of Object.entries(changes.limits)) values[`limits.${name}`] = limit;
  for (const [name, hold] of Object.entries(changes.holds)) values[`holds.${name}`] = hold;
  const changed = await sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [{ changed }] = await tx<{ changed: number }[]>`
      select set_security_settings(${tx.json(values as unknown as JSONValue)}, ${audit.admin.id}, ${audit.requestId}, ${audit.ip}) as changed`;
    return changed;
  });
  forgetSecuritySettings();
  return changed;
}
