// Promo codes as the admin keeps them: percent or fixed amount off, a minimum subtotal, a date
// window, total and per-customer limits. Start and end are typed on the shop's clock (the time zone
// of its first location) and stored as instants. A code that orders used is never deleted.
import type { JSONValue } from "postgres";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";

export type PromoKind = "percent" | "fixed";

export interface PromoCodeInput {
  code: string;
  description: string;
  kind: PromoKind;
  /** 1500 = 15 % off; set when kind is percent. */
  percentBps: number | null;
  /** Set when kind is fixed. */
  amountCents: number | null;
  minimumSubtotalCents: number;
  /** "YYYY-MM-DDTHH:MM" on the shop's clock, or null for no bound. */
  startsAt: string | null;
  endsAt: string | null;
  maxUses: number | null;
  maxUsesPerCustomer: number | null;
  isActive: boolean;
}

export interface PromoCode extends PromoCodeInput {
  id: number;
  currency: string;
  uses: number;
  redemptions: number;
  /** What a customer typing it now would find. */
  status: "live" | "scheduled" | "ended" | "used up" | "inactive";
}

/** The code as stored: upper case, no surrounding spaces. */
export function normalisePromoCode(text: string): string {
  return text.trim().toUpperCase();
}

const shopTimeZone = sql`coalesce((select timezone from locations order by id limit 1), 'UTC')`;

const promoColumns = sql`
  p.id, p.code, p.description, p.kind, p.percent_bps as "percentBps", p.amount_cents as "amountCents",
  p.currency, p.minimum_subtotal_cents as "minimumSubtotalCents",
  to_char(p.starts_at at time zone ${shopTimeZone}, 'YYYY-MM-DD"T"HH24:MI') as "startsAt",
  to_char(p.ends_at at time zone ${shopTimeZone}, 'YYYY-MM-DD"T"HH24:MI') as "endsAt",
  p.max_uses as "maxUses", p.max_uses_per_customer as "maxUsesPerCustomer", p.is_active as "isActive", p.uses,
  (select count(*)::int from promo_redemptions r where r.promo_code_id = p.id) as redemptions,
  case when not p.is_active then 'inactive'
       when p.ends_at <= now() then 'ended'
       when p.starts_at > now() then 'scheduled'
       when p.max_uses is not null and p.uses >= p.max_uses then 'used up'
       else 'live' end as status`;

export async function promoTimeZone(): Promise<string> {
  const [{ timezone }] = await sql<{ timezone: string }[]>`select ${shopTimeZone} as timezone`;
  return timezone;
}

export async function listPromoCodes(): Promise<PromoCode[]> {
  return sql<PromoCode[]>`select ${promoColumns} from promo_codes p order by p.is_active desc, p.code`;
}

export async function getPromoCode(id: number): Promise<PromoCode | null> {
  const [code] = await sql<PromoCode[]>`select ${promoColumns} from promo_codes p where p.id = ${id}`;
  return code ?? null;
}

function values(input: PromoCodeInput) {
  return sql`
    ${normalisePromoCode(input.code)}, ${input.description.trim()}, ${input.kind},
    ${input.kind === "percent" ? input.percentBps : null}, ${input.kind === "fixed" ? input.amountCents : null},
    ${input.minimumSubtotalCents},
    ${input.startsAt}::timestamp at time zone ${shopTimeZone}, ${input.endsAt}::timestamp at time zone ${shopTimeZone},
    ${input.maxUses}, ${input.maxUsesPerCustomer}, ${input.isActive}`;
}

export async function createPromoCode(input: PromoCodeInput, audit: AuditContext): Promise<number> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [{ id, after }] = await tx<{ id: number; after: JSONValue }[]>`
      insert into promo_codes (code, description, kind, percent_bps, amount_cents, minimum_subtotal_cents,
                               starts_at, ends_at, max_uses, max_uses_per_customer, is_active, currency)
      values (${values(input)}, coalesce((select currency from locations order by id limit 1), 'USD'))
      returning id, to_jsonb(promo_codes.*) as after`;
    await recordAudit(tx, audit, { action: "promo_code.create", subjectType: "promo_code", subjectId: id, after });
    return id;
  });
}

/** Changes a code; false when there is no such code. */
export async function updatePromoCode(id: number, input: PromoCodeInput, audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [current] = await tx<{ before: JSONValue }[]>`select to_jsonb(p.*) as before from promo_codes p where id = ${id} for update`;
    if (!current) return false;
    const [{ after }] = await tx<{ after: JSONValue }[]>`
      update promo_codes
         set (code, description, kind, percent_bps, amount_cents, minimum_subtotal_cents,
              starts_at, ends_at, max_uses, max_uses_per_customer, is_active) = (${values(input)}),
             updated_at = now()
       where id = ${id}
      returning to_jsonb(promo_codes.*) as after`;
    await recordAudit(tx, audit, { action: "promo_code.update", subjectType: "promo_code", subjectId: id, before: current.before, after });
    return true;
  });
}

/** Stops (or resumes) a code being accepted at checkout; false when there is no such code. */
export async function setPromoCodeActive(id: number, isActive: boolean, audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [changed] = await tx<{ code: string; wasActive: boolean }[]>`
      update promo_codes p set is_active = ${isActive}, updated_at = now()
        from (select id, is_active from promo_codes where id = ${id} for update) previous
       where p.id = previous.id
      returning p.code, previous.is_active as "wasActive"`;
    if (!changed) return false;
    await recordAudit(tx, audit, {
      action: isActive ? "promo_code.activate" : "promo_code.deactivate",
      subjectType: "promo_code",
      subjectId: id,
      before: { code: changed.code, is_active: changed.wasActive },
      after: { code: changed.code, is_active: isActive },
    });
    return true;
  });
}

/** Deletes a code no order ever used (the database refuses the others); false when there is none. */
export async function deletePromoCode(id: number, audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [deleted] = await tx<{ before: JSONValue }[]>`
      delete from promo_codes p where id = ${id} returning to_jsonb(p.*) as before`;
    if (!deleted) return false;
    await recordAudit(tx, audit, { action: "promo_code.delete", subjectType: "promo_code", subjectId: id, before: deleted.before });
    return true;
  });
}
