// The Square v2 endpoints the simulator answers, and the bearer-token check in front of them.
import type { IncomingHttpHeaders } from "node:http";
import { listCatalog } from "./catalog";
import type { SimContext } from "./context";
import { notFound, unauthorized } from "./errors";
import { type Route, json } from "./http";
import { LOCATION_ID, buildLocation } from "./location";
import { createPaymentLinkHandler, getPaymentLinkHandler } from "./payment-links";
import { getPaymentHandler, listPaymentsHandler } from "./payments";

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
      handler: () => json(200, { locations: [buildLocation(sim.merchantName)] }),
    },
    {
      method: "GET",
      path: "/v2/locations/:locationId",
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
      handler: ({ url }) => json(200, listCatalog(url.searchParams, sim.catalogPageSize)),
    },
    { method: "POST", path: "/v2/online-checkout/payment-links", handler: createPaymentLinkHandler(sim) },
    { method: "GET", path: "/v2/online-checkout/payment-links/:id", handler: getPaymentLinkHandler(sim) },
    {
      method: "GET",
      path: "/v2/orders/:orderId",
      handler: ({ params }) => {
        const order = sim.state.orders.get(params.orderId);
        if (!order) throw notFound(`Order \`${params.orderId}\` not found.`);
        return json(200, { order });
      },
    },
    { method: "GET", path: "/v2/payments", handler: listPaymentsHandler(sim) },
    { method: "GET", path: "/v2/payments/:paymentId", handler: getPaymentHandler(sim) },
  ];
}
