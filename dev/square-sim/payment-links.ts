// CreatePaymentLink and RetrievePaymentLink: validation, the order behind the link, and Square's idempotency rules.
import { z } from "zod";
import type { CatalogStore } from "./catalog";
import { type SimContext, nowIso } from "./context";
import { notFound } from "./errors";
import { type Handler, json, parseJsonObject } from "./http";
import { newPaymentLinkId } from "./ids";
import { MERCHANT_ID } from "./location";
import { locationIdSchema, missingField, moneySchema, orderSchema, toOrderInput } from "./order-schema";
import { type OrderInput, createOrder } from "./orders";
import type { PaymentLink } from "./types";
import { dropNulls, parseRequest } from "./validation";

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

const createPaymentLinkSchema = (catalog: CatalogStore) =>
  z
    .object({
      idempotency_key: z.string().max(192).optional(),
      description: z.string().max(4096).optional(),
      quick_pay: quickPaySchema.optional(),
      order: orderSchema(catalog).optional(),
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
        ? toOrderInput(order)
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

type CreatePaymentLinkRequest = z.output<ReturnType<typeof createPaymentLinkSchema>>;

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
  return { payment_link: link, related_resources: { orders: [order] } };
}

export function createPaymentLinkHandler(sim: SimContext): Handler {
  const schema = createPaymentLinkSchema(sim.catalog);
  return ({ body }) => {
    const raw = dropNulls(parseJsonObject(body));
    const request = parseRequest(schema, raw);
    return sim.state.idempotency.run("payment_links.create", request.idempotency_key, raw, () =>
      json(200, createPaymentLink(sim, request))
    ).reply;
  };
}

export function getPaymentLinkHandler(sim: SimContext): Handler {
  return ({ params }) => {
    const link = sim.state.paymentLinks.get(params.id);
    if (!link) throw notFound(`Payment link \`${params.id}\` not found.`);
    return json(200, { payment_link: link });
  };
}

/**
 * DeletePaymentLink: the link stops working (its checkout page is gone) and, as Square documents, the order it
 * created is CANCELED (`cancelled_order_id`); an order already paid is left as it is. Unknown id: 404.
 */
export function deletePaymentLinkHandler(sim: SimContext): Handler {
  return ({ params }) => {
    const link = sim.state.paymentLinks.get(params.id);
    if (!link) throw notFound(`Payment link \`${params.id}\` not found.`);
    sim.state.paymentLinks.delete(link.id);
    const order = sim.state.orders.get(link.order_id);
    if (order?.state !== "OPEN") return json(200, { id: link.id });
    const now = nowIso();
    order.state = "CANCELED";
    order.updated_at = now;
    order.version += 1;
    return json(200, { id: link.id, cancelled_order_id: order.id });
  };
}
