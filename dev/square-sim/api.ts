// The Square v2 endpoints the simulator answers, each named by the operation fault rules match on, and the
// bearer-token check in front of them.
import type { IncomingHttpHeaders } from "node:http";
import type { SimContext } from "./context";
import { createPaymentHandler } from "./create-payment";
import { notFound, unauthorized } from "./errors";
import { type Route, json, parseJsonObject } from "./http";
import { listPaymentsHandler } from "./list-payments";
import { LOCATION_ID, buildLocation } from "./location";
import { batchRetrieveOrdersHandler, createOrderHandler, getOrderHandler } from "./orders-api";
import {
  cancelPaymentByIdempotencyKeyHandler,
  cancelPaymentHandler,
  completePaymentHandler,
  getPaymentHandler,
} from "./payment-actions";
import { createPaymentLinkHandler, getPaymentLinkHandler, deletePaymentLinkHandler } from "./payment-links";
import { getRefundHandler, listRefundsHandler, refundPaymentHandler } from "./refunds";

/** Any non-empty bearer token is accepted: the simulator checks that the app sends one, not which. */
export function checkBearerToken(headers: IncomingHttpHeaders): void {
  if (!/^Bearer\s+\S/i.test(headers.authorization ?? "")) {
    throw unauthorized("This request could not be authorized: send `Authorization: Bearer <access token>`.");
  }
}

export function apiRoutes(sim: SimContext): Route[] {
  return [
    {
      method: "GET",
      path: "/v2/locations",
      operation: "locations.list",
      handler: () => json(200, { locations: [buildLocation(sim.merchantName)] }),
    },
    {
      method: "GET",
      path: "/v2/locations/:locationId",
      operation: "locations.get",
      handler: ({ params }) => {
        // Square accepts "main" as an alias for the main location.
        if (params.locationId !== LOCATION_ID && params.locationId !== "main") {
          throw notFound(`Location \`${params.locationId}\` not found.`);
        }
        return json(200, { location: buildLocation(sim.merchantName) });
      },
    },
    {
      method: "GET",
      path: "/v2/catalog/list",
      operation: "catalog.list",
      handler: ({ url }) => json(200, sim.catalog.list(url.searchParams, sim.catalogPageSize)),
    },
    {
      method: "POST",
      path: "/v2/catalog/search",
      operation: "catalog.search",
      handler: ({ body }) => json(200, sim.catalog.search(parseJsonObject(body), sim.catalogPageSize)),
    },
    {
      method: "POST",
      path: "/v2/inventory/counts/batch-retrieve",
      operation: "inventory.batch_retrieve_counts",
      handler: ({ body }) => json(200, sim.inventory.batchRetrieve(parseJsonObject(body), sim.catalogPageSize)),
    },
    {
      method: "POST",
      path: "/v2/online-checkout/payment-links",
      operation: "payment_links.create",
      handler: createPaymentLinkHandler(sim),
    },
    {
      method: "GET",
      path: "/v2/online-checkout/payment-links/:id",
      operation: "payment_links.get",
      handler: getPaymentLinkHandler(sim),
    },
    {
      method: "DELETE",
      path: "/v2/online-checkout/payment-links/:id",
      operation: "payment_links.delete",
      handler: deletePaymentLinkHandler(sim),
    },
    { method: "POST", path: "/v2/orders", operation: "orders.create", handler: createOrderHandler(sim) },
    {
      method: "POST",
      path: "/v2/orders/batch-retrieve",
      operation: "orders.batch_retrieve",
      handler: batchRetrieveOrdersHandler(sim),
    },
    { method: "GET", path: "/v2/orders/:orderId", operation: "orders.get", handler: getOrderHandler(sim) },
    { method: "POST", path: "/v2/payments", operation: "payments.create", handler: createPaymentHandler(sim) },
    { method: "GET", path: "/v2/payments", operation: "payments.list", handler: listPaymentsHandler(sim) },
    {
      method: "POST",
      path: "/v2/payments/cancel",
      operation: "payments.cancel_by_idempotency_key",
      handler: cancelPaymentByIdempotencyKeyHandler(sim),
    },
    { method: "GET", path: "/v2/payments/:paymentId", operation: "payments.get", handler: getPaymentHandler(sim) },
    {
      method: "POST",
      path: "/v2/payments/:paymentId/cancel",
      operation: "payments.cancel",
      handler: cancelPaymentHandler(sim),
    },
    {
      method: "POST",
      path: "/v2/payments/:paymentId/complete",
      operation: "payments.complete",
      handler: completePaymentHandler(sim),
    },
    { method: "POST", path: "/v2/refunds", operation: "refunds.create", handler: refundPaymentHandler(sim) },
    { method: "GET", path: "/v2/refunds", operation: "refunds.list", handler: listRefundsHandler(sim) },
    { method: "GET", path: "/v2/refunds/:refundId", operation: "refunds.get", handler: getRefundHandler(sim) },
  ];
}
