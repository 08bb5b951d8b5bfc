// The owner's dashboard (/admin/dashboard, the admin's landing page for owners): a range of local
// days against a comparison, per location or all, by order or fulfilment date; sales, products,
// customers, the funnel, operations and low stock, read from the sales rollups. A GET form (works without JavaScript); bad
// input is a 400 with the form saying what is wrong. Staff see why there are no figures. This file
// stays long because it is one page of tables; the figures come from insights/dashboard*.server.ts.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { isOwner, requireAdmin } from "~/accounts/auth.server";
import { SelectField, TextField } from "~/components/Field";
import { FunnelSection, OperationsSection, ProductExtras } from "~/components/DashboardOperations";
import { ColumnChart, HorizontalBarChart, SalesLineChart } from "~/components/SalesCharts";
import { BASES, COMPARISONS, RANGES, change, formatChange } from "~/insights/dashboard-range";
import { dashboardFigures, readDashboardRequest } from "~/insights/dashboard-page.server";
import type { ProductSales } from "~/insights/dashboard.server";
import { formatMoney } from "~/lib/money";
import { formatDay } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Dashboard — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  if (!isOwner(admin)) {
    return data({ refused: true as const }, { status: 403 });
  }
  const url = new URL(request.url);
  const read = await readDashboardRequest(url);
  const locations = read.locations.map(({ id, name }) => ({ id, name }));
  if (!read.ok) {
    return data({ refused: false as const, ok: false as const, errors: read.errors, values: read.values, locations }, { status: 400 });
  }
  const figures = await dashboardFigures(read.query, read.locations);
  const timezone = read.locations.find((each) => read.query.location === null || each.id === read.query.location)?.timezone ?? "UTC";
  return data({ refused: false as const, ok: true as const, query: read.query, currency: read.currency, values: read.values, locations, figures, timezone, csv: url.search });
}

const FULFILLMENT_WORDS: Record<string, string> = { pickup: "Pickup", delivery: "Delivery", shipping: "Shipping" };
const CHANNEL_WORDS: Record<string, string> = { online: "Online", phone: "Phone", walk_in: "Walk-in" };

export default function Dashboard() {
  const page = useLoaderData<typeof loader>();
  if (page.refused) {
    return (
      <section aria-labelledby="dashboard-heading">
        <h1 id="dashboard-heading">Dashboard</h1>
        <p className="panel">The sales dashboard is for the shop's owners: it shows takings, customers and what sells. Ask an owner if you need a figure; the order board, orders and packing pages have what a shift needs.</p>
      </section>
    );
  }
  const values = page.values;
  const errors = page.ok ? {} : page.errors;
  return (
    <section aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading">Dashboard</h1>
      <Form method="get" className="panel dashboard-form" aria-label="Which figures">
        <SelectField label="Range" name="range" defaultValue={values.range || "7d"} error={errors.range}>
          {RANGES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </SelectField>
        <TextField label="From (custom range)" name="from" type="date" defaultValue={values.from} error={errors.from} />
        <TextField label="To (custom range)" name="to" type="date" defaultValue={values.to} error={errors.to} />
        <SelectField label="Compare with" name="compare" defaultValue={values.compare || "previous"} error={errors.compare}>
          {COMPARISONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </SelectField>
        <SelectField label="Location" name="location" defaultValue={values.location || "all"} error={errors.location}>
          <option value="all">All locations</option>
          {page.locations.map((location) => <option key={location.id} value={location.id}>{location.name}</option>)}
        </SelectField>
        <SelectField label="Report by" name="basis" defaultValue={values.basis || "ordered"} error={errors.basis}>
          {BASES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </SelectField>
        <button type="submit">Show</button>
      </Form>
      {page.ok ? <Figures page={page} /> : <p className="form-error" role="alert">Nothing is shown until the form above is corrected.</p>}
    </section>
  );
}

type Shown = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { ok: true }>;

function Figures({ page }: { page: Shown }) {
  const { figures, query, currency } = page;
  const money = (cents: number) => formatMoney(cents, currency);
  const csv = (table: string) => `/admin/dashboard.csv${page.csv ? `${page.csv}&` : "?"}table=${table}`;
  const rows: [string, number, number, (value: number) => string][] = [
    ["Net sales", figures.sales.netCents, figures.before.netCents, money],
    ["Orders", figures.sales.orders, figures.before.orders, String],
    ["Average order value", figures.sales.averageOrderCents, figures.before.averageOrderCents, money],
    ["Gross sales", figures.sales.grossCents, figures.before.grossCents, money],
    ["Discounts", figures.sales.discountCents, figures.before.discountCents, money],
    ["Refunds", figures.sales.refundCents, figures.before.refundCents, money],
    ["Tax", figures.sales.taxCents, figures.before.taxCents, money],
    ["Tips", figures.sales.tipCents, figures.before.tipCents, money],
    ["Delivery fees", figures.sales.deliveryFeeCents, figures.before.deliveryFeeCents, money],
    ["Shipping", figures.sales.shippingCents, figures.before.shippingCents, money],
    ["Total collected", figures.sales.totalCents, figures.before.totalCents, money],
    ["Items sold", figures.sales.itemsSold, figures.before.itemsSold, String],
  ];
  const c = figures.customers;
  const cb = figures.customersBefore;
  const repeat = (x: typeof c) => (x.customers ? Math.round((x.repeatCustomers / x.customers) * 1000) / 10 : 0);
  const sold = (list: ProductSales[]) => list.filter((each) => each.units > 0);
  return (
    <>
      <p className="muted">
        {formatDay(query.from)}{query.to !== query.from ? ` – ${formatDay(query.to)}` : ""}, by {query.basis === "ordered" ? "order date" : "fulfilment date"},
        compared with {formatDay(query.compareFrom)}{query.compareTo !== query.compareFrom ? ` – ${formatDay(query.compareTo)}` : ""}.
        Net sales are gross sales less discounts and refunds. <Link to="/admin/summary-email">Get these figures by email</Link>.
      </p>

      <h2 id="sales-heading">Sales</h2>
      <div className="table-scroll" tabIndex={0}>
        <table aria-labelledby="sales-heading">
          <thead><tr><th scope="col">Figure</th><th scope="col">This period</th><th scope="col">Comparison</th><th scope="col">Change</th></tr></thead>
          <tbody>
            {rows.map(([label, now, before, format]) => (
              <tr key={label}><th scope="row">{label}</th><td>{format(now)}</td><td>{format(before)}</td><td>{formatChange(change(now, before))}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <p><a href={csv("sales")} download>Download sales figures (CSV)</a></p>

      <h3 id="by-day-heading">Net sales by day</h3>
      <SalesLineChart title="Net sales by day" formatTick={(value) => money(value)}
        points={figures.days.map((day) => ({ label: day.day.slice(5), value: day.netCents, text: `${money(day.netCents)}, ${day.orders} order(s)` }))} />
      <div className="table-scroll" tabIndex={0}>
        <table aria-labelledby="by-day-heading" className="chart-data">
          <caption className="visually-hidden">Net sales by day (the chart's data)</caption>
          <thead><tr><th scope="col">Day</th><th scope="col">Orders</th><th scope="col">Net sales</th></tr></thead>
          <tbody>{figures.days.map((day) => <tr key={day.day}><th scope="row">{formatDay(day.day)}</th><td>{day.orders}</td><td>{money(day.netCents)}</td></tr>)}</tbody>
        </table>
      </div>
      <p><a href={csv("days")} download>Download sales by day (CSV)</a></p>

      <h3 id="by-hour-heading">Orders by hour of day</h3>
      <p className="hint">{query.basis === "ordered" ? "The hour each order was placed." : "The hour each order is due (shipping has no hour)."}</p>
      <ColumnChart title="Orders by hour of day"
        bars={figures.hours.map((each) => ({ label: `${String(each.hour).padStart(2, "0")}:00`, value: each.orders, text: `${each.orders} order(s), ${money(each.netCents)}` }))} />
      {figures.hours.some((each) => each.orders > 0) ? (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="by-hour-heading">
            <caption className="visually-hidden">Orders by hour of day (the chart's data; hours without orders left out)</caption>
            <thead><tr><th scope="col">Hour</th><th scope="col">Orders</th><th scope="col">Net sales</th></tr></thead>
            <tbody>{figures.hours.filter((each) => each.orders > 0).map((each) => (
              <tr key={each.hour}><th scope="row">{String(each.hour).padStart(2, "0")}:00–{String(each.hour).padStart(2, "0")}:59</th><td>{each.orders}</td><td>{money(each.netCents)}</td></tr>
            ))}</tbody>
          </table>
        </div>
      ) : <p className="muted">No orders in this period.</p>}
      <p><a href={csv("hours")} download>Download orders by hour (CSV)</a></p>

      <div className="dashboard-pair">
        <BreakdownTable id="fulfillment" title="By fulfilment" rows={figures.byFulfillment} words={FULFILLMENT_WORDS} money={money} csv={csv("fulfillment")} />
        <BreakdownTable id="channel" title="By channel" rows={figures.byChannel} words={CHANNEL_WORDS} money={money} csv={csv("channels")} />
      </div>

      <h2 id="products-heading">Products</h2>
      <h3 id="top-products-chart-heading">Top products by units</h3>
      <HorizontalBarChart title="Top products by units sold"
        bars={sold(figures.products).slice(0, 8).map((each) => ({ label: each.name, value: each.units, text: `${each.units} ${each.units === 1 ? "unit" : "units"}` }))} />
      <ProductTable id="top-products" title="Top products" rows={sold(figures.products).slice(0, 10)} money={money} />
      <ProductTable id="top-products-revenue" title="Top products by revenue" rows={sold(figures.products).sort((a, b) => b.revenueCents - a.revenueCents).slice(0, 10)} money={money} />
      <ProductTable id="bottom-products" title="Selling least (active products)" rows={[...figures.products].reverse().slice(0, 5)} money={money} />
      <p><a href={csv("products")} download>Download products (CSV)</a></p>
      <ProductTable id="categories" title="Categories" rows={figures.categories} money={money} />
      <p><a href={csv("categories")} download>Download categories (CSV)</a></p>
      <ProductExtras modifiers={figures.modifiers} soldOut={figures.soldOut} money={money} csv={csv} timezone={page.timezone} />

      <h2 id="customers-heading">Customers</h2>
      <p className="hint">By customer (their email), whatever they paid with. New: their first order with the shop is in this period.</p>
      <div className="table-scroll" tabIndex={0}>
        <table aria-labelledby="customers-heading">
          <thead><tr><th scope="col">Figure</th><th scope="col">This period</th><th scope="col">Comparison</th><th scope="col">Change</th></tr></thead>
          <tbody>
            {([["Customers", c.customers, cb.customers], ["New customers", c.newCustomers, cb.newCustomers],
               ["Returning customers", c.returningCustomers, cb.returningCustomers]] as const).map(([label, now, before]) => (
              <tr key={label}><th scope="row">{label}</th><td>{now}</td><td>{before}</td><td>{formatChange(change(now, before))}</td></tr>
            ))}
            <tr><th scope="row">Repeat rate (2+ orders)</th><td>{repeat(c)} %</td><td>{repeat(cb)} %</td><td>{formatChange(change(repeat(c), repeat(cb)))}</td></tr>
          </tbody>
        </table>
      </div>
      <p><a href={csv("customers")} download>Download customer figures (CSV)</a></p>
      <h3 id="top-customers-heading">Top customers</h3>
      {figures.topCustomers.length === 0 ? <p className="muted">No customer bought in this period.</p> : (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="top-customers-heading">
            <thead><tr><th scope="col">Customer</th><th scope="col">Orders</th><th scope="col">Net sales</th></tr></thead>
            <tbody>{figures.topCustomers.map((each) => <tr key={each.id}><th scope="row">{each.name} <span className="muted">{each.email}</span></th><td>{each.orders}</td><td>{money(each.netCents)}</td></tr>)}</tbody>
          </table>
        </div>
      )}
      <p><a href={csv("top-customers")} download>Download top customers (CSV)</a></p>

      <FunnelSection funnel={figures.funnel} funnelBefore={figures.funnelBefore} csv={csv} />
      <OperationsSection operations={figures.operations} operationsBefore={figures.operationsBefore} weekdays={figures.weekdays}
        leadTimes={figures.leadTimes} money={money} csv={csv} />

      <h2 id="stock-heading">Low stock</h2>
      {figures.lowStock.length === 0 ? <p className="muted">No variation is at or under its low-stock threshold.</p> : (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="stock-heading">
            <thead><tr><th scope="col">Variation</th><th scope="col">Location</th><th scope="col">In stock</th><th scope="col">Threshold</th><th scope="col">Edit</th></tr></thead>
            <tbody>{figures.lowStock.map((each) => (
              <tr key={`${each.variantId}-${each.locationName}`}>
                <th scope="row">{each.productName} — {each.variantName}</th><td>{each.locationName}</td><td>{each.quantity}</td><td>{each.threshold}</td>
                <td><Link to={`/admin/menu/products/${each.productId}`}>Edit {each.productName}</Link></td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
      <p><a href={csv("stock")} download>Download low stock (CSV)</a></p>
    </>
  );
}

function BreakdownTable({ id, title, rows, words, money, csv }: { id: string; title: string; rows: { key: string; orders: number; netCents: number }[]; words: Record<string, string>; money: (cents: number) => string; csv: string }) {
  return (
    <div>
      <h3 id={`${id}-heading`}>{title}</h3>
      {rows.length === 0 ? <p className="muted">No orders in this period.</p> : (
        <table aria-labelledby={`${id}-heading`}>
          <thead><tr><th scope="col">{title.replace("By ", "").replace(/^./, (first) => first.toUpperCase())}</th><th scope="col">Orders</th><th scope="col">Net sales</th></tr></thead>
          <tbody>{rows.map((row) => <tr key={row.key}><th scope="row">{words[row.key] ?? row.key}</th><td>{row.orders}</td><td>{money(row.netCents)}</td></tr>)}</tbody>
        </table>
      )}
      <p><a href={csv} download>Download (CSV)</a></p>
    </div>
  );
}

function ProductTable({ id, title, rows, money }: { id: string; title: string; rows: ProductSales[]; money: (cents: number) => string }) {
  return (
    <>
      <h3 id={`${id}-heading`}>{title}</h3>
      {rows.length === 0 ? <p className="muted">Nothing to show.</p> : (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby={`${id}-heading`}>
            <thead><tr><th scope="col">Name</th><th scope="col">Units</th><th scope="col">Revenue</th></tr></thead>
            <tbody>{rows.map((row) => <tr key={row.key}><th scope="row">{row.name}</th><td>{row.units}</td><td>{money(row.revenueCents)}</td></tr>)}</tbody>
          </table>
        </div>
      )}
    </>
  );
}
