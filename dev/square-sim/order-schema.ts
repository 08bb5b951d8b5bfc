// Request validation Square's create endpoints share: money, location, and orders of plain line items.
import { z } from "zod";
import type { CatalogStore } from "./catalog";
import { CURRENCY, LOCATION_ID } from "./location";
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

/** Taxes, discounts and modifiers would change totals the simulator does not compute, so they are refused, not ignored. */
export const unsupported = z
  .unknown()
  .refine((value) => value === undefined || (Array.isArray(value) && value.length === 0), {
    message: "The Square simulator does not support this field.",
  });

export function missingField(ctx: z.RefinementCtx, path: (string | number)[], detail: string): void {
  ctx.addIssue({ code: "custom", path, message: detail, params: { code: "MISSING_REQUIRED_PARAMETER" } });
}

/** A line item: plain (name and price) or a catalog variation, whose name and price come from `catalog`. */
function lineItemSchema(catalog: CatalogStore) {
  return z
    .object({
      name: z.string().min(1).max(512).optional(),
      quantity: z.string().regex(/^[1-9]\d{0,3}$/, "Quantity must be a whole number from 1 to 9999."),
      note: z.string().max(2000).optional(),
      catalog_object_id: z.string().min(1).optional(),
      base_price_money: moneySchema.optional(),
      modifiers: unsupported,
      applied_taxes: unsupported,
      applied_discounts: unsupported,
    })
    .transform((line, ctx): LineInput => {
      const quantity = Number(line.quantity);
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
      return { name: line.name, quantity, unitPrice: line.base_price_money.amount, note: line.note };
    });
}

export function orderSchema(catalog: CatalogStore) {
  return z.object({
    location_id: locationIdSchema,
    reference_id: z.string().max(40).optional(),
    line_items: z.array(lineItemSchema(catalog)).min(1).max(500),
    fulfillments: z.array(z.unknown()).optional(),
    metadata: z.record(z.string()).optional(),
    taxes: unsupported,
    discounts: unsupported,
    service_charges: unsupported,
  });
}

export function toOrderInput(order: z.output<ReturnType<typeof orderSchema>>): OrderInput {
  return {
    referenceId: order.reference_id,
    lines: order.line_items,
    fulfillments: order.fulfillments,
    metadata: order.metadata,
  };
}
