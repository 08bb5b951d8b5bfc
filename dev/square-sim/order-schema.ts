// Request validation Square's create endpoints share: money, location, and orders of plain line items.
import { z } from "zod";
import type { CatalogStore } from "./catalog";
import { CURRENCY, LOCATION_ID } from "./location";
import { parsePercentage } from "./order-pricing";
import type { LineInput, OrderInput } from "./orders";

/** $999,999.99 per unit and 9,999 units keep every total a safe integer. */
const MAX_UNIT_AMOUNT = 99_999_999;

export const moneySchema = z.object({
  amount: z.number().int().min(0).max(MAX_UNIT_AMOUNT),
  currency: z.string().refine((currency) => currency === CURRENCY, {
    message: `The location's currency is ${CURRENCY}.`,
    params: { code: "CURRENCY_MISMATCH" },
  }),
});

/** A charge or refund amount: above zero. */
export const positiveMoneySchema = moneySchema.refine((amount) => amount.amount > 0, {
  message: "The amount must be above zero.",
  path: ["amount"],
  params: { code: "VALUE_TOO_LOW" },
});

export const locationIdSchema = z.string().refine((id) => id === LOCATION_ID, {
  message: `Unknown location; the simulator's only location is \`${LOCATION_ID}\`.`,
  params: { code: "NOT_FOUND" },
});

/** Fields whose effect on totals the simulator does not compute are refused, not ignored. */
export const unsupported = z
  .unknown()
  .refine((value) => value === undefined || (Array.isArray(value) && value.length === 0), {
    message: "The Square simulator does not support this field.",
  });

export function missingField(ctx: z.RefinementCtx, path: (string | number)[], detail: string): void {
  ctx.addIssue({ code: "custom", path, message: detail, params: { code: "MISSING_REQUIRED_PARAMETER" } });
}

/**
 * A modifier on a line item, per unit of the line: ad hoc (a name and a price) or a catalog
 * MODIFIER by `catalog_object_id`, whose name comes from the catalog and whose price does too
 * unless `base_price_money` overrides it (as Square documents for OrderLineItemModifier).
 */
const modifierSchema = z.object({
  name: z.string().min(1).max(255).optional(),
  base_price_money: moneySchema.optional(),
  catalog_object_id: z.string().min(1).optional(),
  quantity: z.literal("1").optional(),
});

type ModifierRequest = z.output<typeof modifierSchema>;

function resolveModifiers(catalog: CatalogStore, modifiers: ModifierRequest[], ctx: z.RefinementCtx): LineInput["modifiers"] | null {
  let ok = true;
  const resolved = modifiers.map((modifier, index) => {
    if (modifier.catalog_object_id !== undefined) {
      const found = catalog.findModifier(modifier.catalog_object_id);
      if (!found) {
        ctx.addIssue({ code: "custom", path: ["modifiers", index, "catalog_object_id"], message: `Modifier \`${modifier.catalog_object_id}\` not found.`, params: { code: "NOT_FOUND" } });
        ok = false;
        return null;
      }
      return { name: found.name, price: modifier.base_price_money?.amount ?? found.price.amount, catalogObjectId: modifier.catalog_object_id };
    }
    if (modifier.name === undefined || modifier.base_price_money === undefined) {
      for (const field of ["name", "base_price_money"] as const) {
        if (modifier[field] === undefined) missingField(ctx, ["modifiers", index, field], `Field must be set for a modifier without \`catalog_object_id\`: \`${field}\`.`);
      }
      ok = false;
      return null;
    }
    return { name: modifier.name, price: modifier.base_price_money.amount };
  });
  return ok ? (resolved as NonNullable<LineInput["modifiers"]>) : null;
}

const percentageSchema = z.string().refine((text) => {
  try {
    const [numerator, denominator] = parsePercentage(text);
    return numerator <= 100n * denominator;
  } catch {
    return false;
  }
}, { message: "Percentage must be a decimal number from 0 to 100, like \"8.25\".", params: { code: "INVALID_VALUE" } });

/** ORDER-scoped only: Square apportions them to every line item. */
const scope = z.literal("ORDER", { errorMap: () => ({ message: "The simulator supports ORDER-scoped taxes and discounts only." }) });

const discountSchema = z.discriminatedUnion("type", [
  z.object({ uid: z.string().max(60).optional(), name: z.string().min(1).max(255), type: z.literal("FIXED_PERCENTAGE"), percentage: percentageSchema, scope }),
  z.object({ uid: z.string().max(60).optional(), name: z.string().min(1).max(255), type: z.literal("FIXED_AMOUNT"), amount_money: moneySchema, scope }),
]);

const taxSchema = z.object({
  uid: z.string().max(60).optional(),
  name: z.string().min(1).max(255),
  type: z.enum(["ADDITIVE", "INCLUSIVE"]),
  percentage: percentageSchema,
  scope,
});

const serviceChargeSchema = z.object({
  uid: z.string().max(60).optional(),
  name: z.string().min(1).max(512),
  amount_money: moneySchema,
  percentage: unsupported,
  calculation_phase: z.enum(["SUBTOTAL_PHASE", "TOTAL_PHASE"]),
  taxable: z.literal(false, { errorMap: () => ({ message: "The simulator supports non-taxable service charges only." }) }),
});

/** A line item: plain (name and price) or a catalog variation, whose name and price come from `catalog`. */
function lineItemSchema(catalog: CatalogStore) {
  return z
    .object({
      name: z.string().min(1).max(512).optional(),
      quantity: z.string().regex(/^[1-9]\d{0,3}$/, "Quantity must be a whole number from 1 to 9999."),
      note: z.string().max(2000).optional(),
      catalog_object_id: z.string().min(1).optional(),
      base_price_money: moneySchema.optional(),
      modifiers: z.array(modifierSchema).max(100).optional(),
      applied_taxes: unsupported,
      applied_discounts: unsupported,
    })
    .transform((line, ctx): LineInput => {
      const quantity = Number(line.quantity);
      const modifiers = resolveModifiers(catalog, line.modifiers ?? [], ctx);
      if (!modifiers) return z.NEVER;
      if (line.catalog_object_id !== undefined) {
        // The catalog decides name and price of a catalog line, as CreateOrder does.
        const variation = catalog.findVariation(line.catalog_object_id);
        if (!variation) {
          ctx.addIssue({
            code: "custom",
            path: ["catalog_object_id"],
            message: `Item variation \`${line.catalog_object_id}\` not found.`,
            params: { code: "NOT_FOUND" },
          });
          return z.NEVER;
        }
        return {
          name: variation.itemName,
          variationName: variation.variationName,
          catalogObjectId: line.catalog_object_id,
          quantity,
          unitPrice: variation.price.amount,
          modifiers,
          note: line.note,
        };
      }
      if (line.name === undefined || line.base_price_money === undefined) {
        for (const field of ["name", "base_price_money"] as const) {
          if (line[field] === undefined) {
            missingField(
              ctx,
              [field],
              `Field must be set for a line item without \`catalog_object_id\`: \`${field}\`.`
            );
          }
        }
        return z.NEVER;
      }
      return { name: line.name, quantity, unitPrice: line.base_price_money.amount, modifiers, note: line.note };
    });
}

export function orderSchema(catalog: CatalogStore) {
  return z.object({
    location_id: locationIdSchema,
    reference_id: z.string().max(40).optional(),
    line_items: z.array(lineItemSchema(catalog)).min(1).max(500),
    fulfillments: z.array(z.unknown()).optional(),
    metadata: z.record(z.string()).optional(),
    taxes: z.array(taxSchema).max(10).optional(),
    discounts: z.array(discountSchema).max(10).optional(),
    service_charges: z.array(serviceChargeSchema).max(10).optional(),
  });
}

export function toOrderInput(order: z.output<ReturnType<typeof orderSchema>>): OrderInput {
  return {
    referenceId: order.reference_id,
    lines: order.line_items,
    fulfillments: order.fulfillments,
    metadata: order.metadata,
    discounts: order.discounts?.map((discount) =>
      discount.type === "FIXED_PERCENTAGE"
        ? { uid: discount.uid, name: discount.name, type: discount.type, percentage: discount.percentage }
        : { uid: discount.uid, name: discount.name, type: discount.type, amount: discount.amount_money.amount }),
    taxes: order.taxes?.map((tax) => ({ uid: tax.uid, name: tax.name, type: tax.type, percentage: tax.percentage })),
    serviceCharges: order.service_charges?.map((charge) => ({
      uid: charge.uid, name: charge.name, amount: charge.amount_money.amount, phase: charge.calculation_phase,
    })),
  };
}
