// Stock in the menu editor: the locations a variation can be counted at, what is counted at each
// (a quantity, or nothing for made to order), and the low-stock threshold.
import postgres from "postgres";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { change, MenuRefusal, notFound, type Tx } from "./menu-admin-change.server";
import type { VariantInput } from "./menu-admin-forms.server";

export interface LocationOption {
  id: number;
  name: string;
  isActive: boolean;
}

export function listLocations() {
  return sql<LocationOption[]>`select id, name, is_active as "isActive" from locations order by id`;
}

/** Sets what is counted per location: a quantity keeps (or starts) counting there, null stops it. */
export async function writeStock(tx: Tx, variantId: number, stock: VariantInput["stock"]) {
  for (const { locationId, quantity } of stock) {
    try {
      if (quantity === null) {
        await tx`delete from inventory_levels where variant_id = ${variantId} and location_id = ${locationId}`;
      } else {
        await tx`
          insert into inventory_levels (variant_id, location_id, quantity) values (${variantId}, ${locationId}, ${quantity})
          on conflict (variant_id, location_id) do update set quantity = excluded.quantity, updated_at = now()
           where inventory_levels.quantity is distinct from excluded.quantity`;
      }
    } catch (error) {
      if (error instanceof postgres.PostgresError && error.constraint_name === "inventory_levels_quantity_check") {
        throw new MenuRefusal("LR422", "Enter how many there are (zero or more), or leave it empty if you don't count them.", `stock-${locationId}`);
      }
      if (error instanceof postgres.PostgresError && error.constraint_name === "inventory_levels_location_id_fkey") {
        throw new MenuRefusal("LR404", "One of the locations no longer exists; reload the page.");
      }
      throw error;
    }
  }
}

/**
 * The low-stock threshold and the units per variation are the shop's own (Square has neither), so
 * they can be changed whichever catalog the menu comes from. Units left out keep what is saved.
 */
export async function setLowStockThreshold(variantId: number, threshold: number | null, audit: AuditContext, unitsPerVariation?: number): Promise<void> {
  await change(audit, { squareToo: true }, async (tx) => {
    const [before] = await tx<{ threshold: number | null; units: number }[]>`
      select low_stock_threshold as threshold, units_per_variation as units from variants where id = ${variantId} for update`;
    if (!before) throw notFound("variation");
    const units = unitsPerVariation ?? before.units;
    if (before.threshold === threshold && before.units === units) return;
    await tx`update variants set low_stock_threshold = ${threshold}, units_per_variation = ${units}, updated_at = now() where id = ${variantId}`;
    await recordAudit(tx, audit, {
      action: "menu.variant.low_stock_threshold",
      subjectType: "variant",
      subjectId: variantId,
      before: { low_stock_threshold: before.threshold, units_per_variation: before.units },
      after: { low_stock_threshold: threshold, units_per_variation: units },
    });
  });
}
