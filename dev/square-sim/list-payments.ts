// ListPayments: Square's query parameters, including `total`, `last_4` and `card_brand`.
import type { SimContext } from "./context";
import { type Handler, json } from "./http";
import { listPage } from "./list-query";
import type { Payment } from "./types";

function matches(query: URLSearchParams): (payment: Payment) => boolean {
  const total = query.get("total");
  const last4 = query.get("last_4");
  const cardBrand = query.get("card_brand");
  return (payment) =>
    (!total || payment.total_money.amount === Number(total)) &&
    (!last4 || payment.card_details.card.last_4 === last4) &&
    (!cardBrand || payment.card_details.card.card_brand === cardBrand.toUpperCase());
}

export function listPaymentsHandler(sim: SimContext): Handler {
  return ({ url }) => {
    const query = url.searchParams;
    const { items, cursor } = listPage([...sim.state.payments.values()], query, matches(query));
    return json(200, cursor ? { payments: items, cursor } : { payments: items });
  };
}
