// CreatePaymentLink and RetrievePaymentLink: validation, the order behind the link, and Square's idempotency rules.
import { z } from "zod";
import { findVariation } from "./catalog";
import { type SimContext, nowIso } from "./context";
import { badRequest, notFound } from "./errors";
import { type Handler, json, parseJsonObject } from "./http";
import { newPaymentLinkId } from "./ids";
import { CURRENCY, LOCATION_ID, MERCHANT_ID } from "./location";
import { type LineInput, type OrderInput, createOrder } from "./orders";
import { canonicalJson } from "./state";
import type { PaymentLink } from "./types";
import { dropNulls, parseRequest } from "./validation";

/** $999,999.99 per unit and 9,999 units keep every total a safe integer. */
const MAX_UNIT_AMOUNT = 99_999_999;

const moneySchema = z.object({
  amount: z.number().int().min(0).max(MAX_UNIT_AMOUNT),
  currency: z.string().refine((currency) => currency === CURRENCY, {
    message: `The location's currency is ${CURRENCY}.`,
    params: { code: "CURRENCY_MISMATCH" },
  }),
});

const locationIdSchema = z.string().refine((id) => id === LOCATION_ID, {
  message: `Unknown location; the simulator's only location is \`${LOCATION_ID}\`.`,
  params: { code: "NOT_FOUND" },
});

/** Taxes, discounts and modifiers would change totals the simulator does not compute, so they are refused, not ignored. */
const unsupported = z.unknown().refine((value) => value === undefined || (Array.isArray(value) && value.length === 0), {
  message: "The Square simulator does not support this field.",
});

function missingField(ctx: z.RefinementCtx, path: (string | number)[], detail: string): void {
  ctx.addIssue({ code: "custom", path, message: detail, params: { code: "MISSING_REQUIRED_PARAMETER" } });
}

const lineItemSchema = z
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
      const variation = findVariation(line.catalog_object_id);
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
          missingField(ctx, [field], `Field must be set for a line item without \`catalog_object_id\`: \`${field}\`.`);
        }
      }
      return z.NEVER;
    }
    return { name: line.name, quantity, unitPrice: line.base_price_money.amount, note: line.note };
  });

const orderSchema = z.object({
  location_id: locationIdSchema,
  reference_id: z.string().max(40).optional(),
  line_items: z.array(lineItemSchema).min(1).max(500),
  fulfillments: z.array(z.unknown()).optional(),
  metadata: z.record(z.string()).optional(),
  taxes: unsupported,
  discounts: unsupported,
  service_charges: unsupported,
});

const quickPaySchema = z.object({
  name: z.string().min(1).max(255),
  price_money: moneySchema,
  location_id: locationIdSchema,
});

const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol), {
    message: "Must be an absolute http(s) URL.",
  });

const createPaymentLinkSchema = z
  .object({
    idempotency_key: z.string().max(192).optional(),
    description: z.string().max(4096).optional(),
    quick_pay: quickPaySchema.optional(),
    order: orderSchema.optional(),
    // Other checkout options are kept and echoed back, as Square does, but do not change the hosted page.
    checkout_options: z
      .object({ redirect_url: httpUrl.optional(), merchant_support_email: z.string().email().optional() })
      .passthrough()
      .optional(),
    pre_populated_data: z
      .object({ buyer_email: z.string().email().optional(), buyer_phone_number: z.string().optional() })
      .passthrough()
      .optional(),
    payment_note: z.string().max(500).optional(),
  })
  .transform(({ order, quick_pay: quickPay, ...options }, ctx) => {
    if (order && quickPay) {
      ctx.addIssue({ code: "custom", path: ["quick_pay"], message: "Set `order` or `quick_pay`, not both." });
      return z.NEVER;
    }
    const orderInput: OrderInput | null = order
      ? {
          referenceId: order.reference_id,
          lines: order.line_items,
          fulfillments: order.fulfillments,
          metadata: order.metadata,
        }
      : quickPay
      ? { lines: [{ name: quickPay.name, quantity: 1, unitPrice: quickPay.price_money.amount }] }
      : null;
    if (!orderInput) {
      missingField(ctx, ["order"], "One of `order` or `quick_pay` must be set.");
      return z.NEVER;
    }
    if (orderInput.lines.every((line) => line.unitPrice === 0)) {
      ctx.addIssue({
        code: "custom",
        path: order ? ["order", "line_items"] : ["quick_pay", "price_money", "amount"],
        message: "A payment link needs an order total above zero.",
        params: { code: "VALUE_TOO_LOW" },
      });
      return z.NEVER;
    }
    return { ...options, orderInput };
  });

type CreatePaymentLinkRequest = z.output<typeof createPaymentLinkSchema>;

function createPaymentLink(sim: SimContext, request: CreatePaymentLinkRequest) {
  const now = nowIso();
  const order = createOrder(request.orderInput, now);
  const id = newPaymentLinkId();
  const link: PaymentLink = {
    id,
    version: 1,
    ...(request.description !== undefined ? { description: request.description } : {}),
    order_id: order.id,
    ...(request.checkout_options ? { checkout_options: request.checkout_options } : {}),
    ...(request.pre_populated_data ? { pre_populated_data: request.pre_populated_data } : {}),
    ...(request.payment_note !== undefined ? { payment_note: request.payment_note } : {}),
    url: `${sim.baseUrl}/checkout/${id}`,
    long_url: `${sim.baseUrl}/checkout/${id}?merchant_id=${MERCHANT_ID}&order_id=${order.id}`,
    created_at: now,
  };
  sim.state.orders.set(order.id, order);
  sim.state.paymentLinks.set(id, link);
  // A snapshot: an idempotent replay must return exactly what the first call returned.
  return structuredClone({ payment_link: link, related_resources: { orders: [order] } });
}

export function createPaymentLinkHandler(sim: SimContext): Handler {
  return ({ body }) => {
    const raw = dropNulls(parseJsonObject(body));
    const request = parseRequest(createPaymentLinkSchema, raw);
    const key = request.idempotency_key;
    if (!key) return json(200, createPaymentLink(sim, request));

    const fingerprint = canonicalJson(raw);
    const previous = sim.state.idempotency.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw badRequest(
          "IDEMPOTENCY_KEY_REUSED",
          "The idempotency key was already used for a request with a different body.",
          "idempotency_key",
        );
      }
      return json(200, previous.response);
    }
    const response = createPaymentLink(sim, request);
    sim.state.idempotency.set(key, { fingerprint, response });
    return json(200, response);
  };
}

export function getPaymentLinkHandler(sim: SimContext): Handler {
  return ({ params }) => {
    const link = sim.state.paymentLinks.get(params.id);
    if (!link) throw notFound(`Payment link \`${params.id}\` not found.`);
    return json(200, { payment_link: link });
  };
}
