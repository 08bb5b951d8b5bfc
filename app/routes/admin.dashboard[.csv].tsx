// GET /admin/dashboard.csv?…&table=…: one of the dashboard's tables as CSV, for the same range,
// comparison, location and basis as the page (owners only). Rows come from the rollups and are
// written to the response one by one. Bad input or an unknown table is a 400 saying which.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOwner } from "~/accounts/auth.server";
import { dashboardFigures, readDashboardRequest, type DashboardFigures } from "~/insights/dashboard-page.server";
import { csvLine } from "~/lib/csv";

type Cell = string | number | null;
const cents = (value: number) => (value / 100).toFixed(2);

const TABLES: Record<string, (figures: DashboardFigures) => Cell[][]> = {
  sales: (f) => [
    ["figure", "this_period", "comparison"],
    ...(Object.keys(f.sales) as (keyof typeof f.sales)[]).map((key): Cell[] =>
      key.endsWith("Cents") ? [key.replace(/Cents$/, ""), cents(f.sales[key]), cents(f.before[key])] : [key, f.sales[key], f.before[key]]),
  ],
  days: (f) => [["day", "orders", "net_sales"], ...f.days.map((d): Cell[] => [d.day, d.orders, cents(d.netCents)])],
  hours: (f) => [["hour", "orders", "net_sales"], ...f.hours.map((h): Cell[] => [h.hour, h.orders, cents(h.netCents)])],
  fulfillment: (f) => [["fulfillment", "orders", "net_sales"], ...f.byFulfillment.map((r): Cell[] => [r.key, r.orders, cents(r.netCents)])],
  channels: (f) => [["channel", "orders", "net_sales"], ...f.byChannel.map((r): Cell[] => [r.key, r.orders, cents(r.netCents)])],
  products: (f) => [["product", "units", "revenue"], ...f.products.map((p): Cell[] => [p.name, p.units, cents(p.revenueCents)])],
  categories: (f) => [["category", "units", "revenue"], ...f.categories.map((p): Cell[] => [p.name, p.units, cents(p.revenueCents)])],
  customers: (f) => [
    ["figure", "this_period", "comparison"],
    ...(Object.keys(f.customers) as (keyof typeof f.customers)[]).map((key): Cell[] => [key, f.customers[key], f.customersBefore[key]]),
  ],
  "top-customers": (f) => [["name", "email", "orders", "net_sales"], ...f.topCustomers.map((c): Cell[] => [c.name, c.email, c.orders, cents(c.netCents)])],
  funnel: (f) => [["step", "this_period", "comparison"], ...(Object.keys(f.funnel) as (keyof typeof f.funnel)[]).map((key): Cell[] => [key, f.funnel[key], f.funnelBefore[key]])],
  operations: (f) => [
    ["figure", "this_period", "comparison"],
    ...(Object.keys(f.operations) as (keyof typeof f.operations)[]).map((key): Cell[] => [key, f.operations[key], f.operationsBefore[key]]),
  ],
  weekdays: (f) => [["weekday", "orders", "net_sales"], ...f.weekdays.map((w): Cell[] => [w.weekday, w.orders, cents(w.netCents)])],
  "lead-times": (f) => [["lead_days", "orders"], ...f.leadTimes.map((l): Cell[] => [l.leadDays, l.orders])],
  modifiers: (f) => [["modifier", "list", "times", "revenue"], ...f.modifiers.map((m): Cell[] => [m.name, m.listName, m.times, cents(m.revenueCents)])],
  "sold-out": (f) => [
    ["product", "variation", "location", "sold_out_at", "back_at"],
    ...f.soldOut.map((s): Cell[] => [s.productName, s.variantName, s.locationName, s.soldOutAt.toISOString(), s.backAt?.toISOString() ?? null]),
  ],
  stock: (f) => [["product", "variation", "location", "in_stock", "threshold"], ...f.lowStock.map((s): Cell[] => [s.productName, s.variantName, s.locationName, s.quantity, s.threshold])],
};

const text = (message: string, status: number) => new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOwner(request, "Only an owner can download the sales dashboard.");
  const url = new URL(request.url);
  const table = url.searchParams.get("table") ?? "";
  const rowsOf = TABLES[table];
  if (!rowsOf) return text(`There is no table “${table}”: choose one of ${Object.keys(TABLES).join(", ")}.`, 400);
  const read = await readDashboardRequest(url);
  if (!read.ok) return text(Object.values(read.errors).join(" "), 400);
  const rows = rowsOf(await dashboardFigures(read.query, read.locations));
  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= rows.length) return controller.close();
      controller.enqueue(encoder.encode(csvLine(rows[next++])));
    },
  });
  const { from, to, basis } = read.query;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="dashboard-${table}-${from}-${to}-${basis}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
