// Daily item limits in the menu editor: the most of a product (its variations summed) or of one
// variation sold per fulfilment day, and per pickup slot or delivery window, counted in items
// ordered. They are the shop's own setting (catalog sync never writes them), so owners change them
// whichever catalog the menu comes from; set_daily_limit refuses a limit below what is sold.
import { z } from "zod";
import { optionalWholeNumberField } from "~/lib/admin-forms";
import { sql } from "~/lib/db.server";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { change, type Row } from "./menu-admin-change.server";

export interface DailyLimit {
  perDay: number | null;
  perSlot: number | null;
}

/** A product's limits: its own (`product`) and each variation's by id; absent: no limit. */
export interface ProductDailyLimits {
  product: DailyLimit | null;
  variants: Record<string, DailyLimit>;
}

export async function getProductDailyLimits(productId: number): Promise<ProductDailyLimits> {
  const rows = await sql<({ variantId: number | null } & DailyLimit)[]>`
    select dl.variant_id as "variantId", dl.per_day as "perDay", dl.per_slot as "perSlot"
      from daily_limits dl left join variants v on v.id = dl.variant_id
     where dl.product_id = ${productId} or v.product_id = ${productId}`;
  const limits: ProductDailyLimits = { product: null, variants: {} };
  for (const { variantId, perDay, perSlot } of rows) {
    if (variantId === null) limits.product = { perDay, perSlot };
    else limits.variants[String(variantId)] = { perDay, perSlot };
  }
  return limits;
}

const limitField = optionalWholeNumberField({ min: 0, max: 1_000_000, message: "Enter a whole number of zero or more, or leave it empty for no limit." });

/** The daily-limit form: `limitOf` is "product" or a variation's id; both numbers empty removes the limit. */
export const dailyLimitFields = z.object({ limitOf: z.string(), perDay: limitField, perSlot: limitField });

export type DailyLimitTarget = { productId: number } | { variantId: number };

/** Sets, changes or removes one limit, with its audit entry, in one transaction. */
export async function setDailyLimit(target: DailyLimitTarget, limit: DailyLimit, audit: AuditContext): Promise<void> {
  await change(audit, { squareToo: true }, async (tx) => {
    const productId = "productId" in target ? target.productId : null;
    const variantId = "variantId" in target ? target.variantId : null;
    const [{ before, after }] = await tx<{ before: Row | null; after: Row | null }[]>`
      select before, after from set_daily_limit(${productId}::bigint, ${variantId}::bigint, ${limit.perDay}::int, ${limit.perSlot}::int)`;
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await recordAudit(tx, audit, {
      action: "menu.daily_limit",
      subjectType: productId !== null ? "product" : "variant",
      subjectId: (productId ?? variantId) as number,
      before: before ?? undefined,
      after: after ?? undefined,
    });
  });
}
