// CreateOrder, RetrieveOrder and BatchRetrieveOrders.
import { z } from "zod";
import { type SimContext, nowIso } from "./context";
import { notFound } from "./errors";
import { type Handler, json, parseJsonObject } from "./http";
import { locationIdSchema, orderSchema, toOrderInput } from "./order-schema";
import { createOrder } from "./orders";
import { dropNulls, parseRequest } from "./validation";

const createOrderSchema = (sim: SimContext) =>
  z.object({
    idempotency_key: z.string().max(192).optional(),
    order: orderSchema(sim.catalog),
  });

export function createOrderHandler(sim: SimContext): Handler {
  const schema = createOrderSchema(sim);
  return ({ body }) => {
    const raw = dropNulls(parseJsonObject(body));
    const request = parseRequest(schema, raw);
    return sim.state.idempotency.run("orders.create", request.idempotency_key, raw, () => {
      const order = createOrder({ ...toOrderInput(request.order), source: "Orders API" }, nowIso());
      sim.state.orders.set(order.id, order);
      return json(200, { order });
    }).reply;
  };
}

export function getOrderHandler(sim: SimContext): Handler {
  return ({ params }) => {
    const order = sim.state.orders.get(params.orderId);
    if (!order) throw notFound(`Order \`${params.orderId}\` not found.`);
    return json(200, { order });
  };
}

const batchRetrieveSchema = z.object({
  location_id: locationIdSchema.optional(),
  order_ids: z.array(z.string().min(1)).min(1).max(100),
});

/** Unknown ids are left out of the answer, as Square does. */
export function batchRetrieveOrdersHandler(sim: SimContext): Handler {
  return ({ body }) => {
    const request = parseRequest(batchRetrieveSchema, dropNulls(parseJsonObject(body)));
    const orders = request.order_ids.flatMap((id) => sim.state.orders.get(id) ?? []);
    return json(200, { orders });
  };
}
