// One reading of /admin/dashboard's address for the page and its CSV files: the query checked
// against the shop's locations, then every figure of the range beside its comparison.
import { parseDashboardQuery, eachDay, type DashboardQuery, type DashboardQueryInput } from "./dashboard-range";
import {
  customerFigures, dashboardLocations, lowStock, periodsOf, productSales, salesBreakdown, salesByDay, salesByHour, salesFigures, topCustomers,
  type DashboardLocation,
} from "./dashboard.server";
import { funnel, leadTimes, modifierSales, operationsFigures, ordersByWeekday, soldOutItems } from "./operations.server";

export type DashboardRequest =
  | { ok: true; query: DashboardQuery; locations: DashboardLocation[]; currency: string; values: DashboardQueryInput }
  | { ok: false; errors: Record<string, string>; locations: DashboardLocation[]; values: DashboardQueryInput };

export async function readDashboardRequest(url: URL): Promise<DashboardRequest> {
  const locations = await dashboardLocations();
  const values: DashboardQueryInput = {
    range: url.searchParams.get("range") ?? "",
    from: url.searchParams.get("from") ?? "",
    to: url.searchParams.get("to") ?? "",
    compare: url.searchParams.get("compare") ?? "",
    location: url.searchParams.get("location") ?? "",
    basis: url.searchParams.get("basis") ?? "",
  };
  const shopZone = locations[0]?.timezone ?? "UTC";
  const parsed = parseDashboardQuery(values, locations.map((each) => each.id),
    (id) => locations.find((each) => each.id === id)?.timezone ?? shopZone);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, locations, values };
  const chosen = parsed.query.location === null ? locations : locations.filter((each) => each.id === parsed.query.location);
  const currencies = [...new Set(chosen.map((each) => each.currency))];
  if (currencies.length > 1) {
    return { ok: false, errors: { location: `The locations sell in different currencies (${currencies.join(", ")}): choose one location.` }, locations, values };
  }
  return { ok: true, query: parsed.query, locations, currency: currencies[0] ?? "USD", values };
}

export async function dashboardFigures(query: DashboardQuery, locations: DashboardLocation[]) {
  const { current, comparison } = periodsOf(query, locations);
  const zone = locations.find((each) => current.locationIds.includes(each.id))?.timezone ?? "UTC";
  // One wave of queries on the pool, not two: the page waits for the slowest only.
  const [[sales, before, byFulfillment, byChannel, days, hours, products, categories, customers, customersBefore, top, stock],
         [steps, stepsBefore, operations, operationsBefore, weekdays, leads, modifiers, soldOut]] = await Promise.all([
    Promise.all([
      salesFigures(current), salesFigures(comparison), salesBreakdown(current, "fulfillment"), salesBreakdown(current, "source"),
      salesByDay(current), salesByHour(current), productSales(current, "product"), productSales(current, "category"), customerFigures(current),
      customerFigures(comparison), topCustomers(current), lowStock(current.locationIds),
    ]),
    Promise.all([
      funnel(current), funnel(comparison), operationsFigures(current), operationsFigures(comparison), ordersByWeekday(current),
      leadTimes(current), modifierSales(current), soldOutItems(current, zone),
    ]),
  ]);
  const byDay = new Map(days.map((each) => [each.day, each]));
  return {
    funnel: steps, funnelBefore: stepsBefore, operations, operationsBefore, weekdays, leadTimes: leads, modifiers, soldOut,
    sales, before, byFulfillment, byChannel,
    days: eachDay(query.from, query.to).map((day) => byDay.get(day) ?? { day, orders: 0, netCents: 0 }),
    hours: Array.from({ length: 24 }, (_, hour) => hours.find((each) => each.hour === hour) ?? { hour, orders: 0, netCents: 0 }),
    products, categories, customers, customersBefore, topCustomers: top, lowStock: stock,
  };
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>;
