// What /admin/dashboard shows, read from the sales rollups only (never from orders): the sales
// figures of a range and its comparison, sales by day, products and categories, customers; plus the
// variations at or under their low-stock threshold (current stock, not a sales figure).
import { sql } from "~/lib/db.server";
import type { Basis, DashboardQuery } from "./dashboard-range";

export interface DashboardLocation {
  id: number;
  name: string;
  timezone: string;
  currency: string;
}

export async function dashboardLocations(): Promise<DashboardLocation[]> {
  return sql<DashboardLocation[]>`select id, name, timezone, currency from locations order by is_active desc, id`;
}

export interface SalesFigures {
  orders: number;
  itemsSold: number;
  grossCents: number;
  discountCents: number;
  refundCents: number;
  netCents: number;
  taxCents: number;
  tipCents: number;
  deliveryFeeCents: number;
  shippingCents: number;
  totalCents: number;
  /** net sales per order (cents, rounded) */
  averageOrderCents: number;
}

export interface Breakdown {
  key: string;
  orders: number;
  netCents: number;
}

export interface Period {
  locationIds: number[];
  basis: Basis;
  from: string;
  to: string;
}

export function periodsOf(query: DashboardQuery, locations: DashboardLocation[]): { current: Period; comparison: Period } {
  const locationIds = query.location === null ? locations.map((each) => each.id) : [query.location];
  return {
    current: { locationIds, basis: query.basis, from: query.from, to: query.to },
    comparison: { locationIds, basis: query.basis, from: query.compareFrom, to: query.compareTo },
  };
}

const inPeriod = (period: Period) =>
  sql`location_id = any(${period.locationIds}::bigint[]) and basis = ${period.basis} and day between ${period.from}::date and ${period.to}::date`;

export async function salesFigures(period: Period): Promise<SalesFigures> {
  const [row] = await sql<Omit<SalesFigures, "averageOrderCents">[]>`
    select coalesce(sum(orders), 0)::int as orders, coalesce(sum(items_sold), 0)::int as "itemsSold",
           coalesce(sum(gross_cents), 0) as "grossCents", coalesce(sum(discount_cents), 0) as "discountCents",
           coalesce(sum(refund_cents), 0) as "refundCents", coalesce(sum(net_cents), 0) as "netCents",
           coalesce(sum(tax_cents), 0) as "taxCents", coalesce(sum(tip_cents), 0) as "tipCents",
           coalesce(sum(delivery_fee_cents), 0) as "deliveryFeeCents", coalesce(sum(shipping_cents), 0) as "shippingCents",
           coalesce(sum(total_cents), 0) as "totalCents"
      from sales_days where ${inPeriod(period)}`;
  const figures = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as Omit<SalesFigures, "averageOrderCents">;
  return { ...figures, averageOrderCents: figures.orders ? Math.round(figures.netCents / figures.orders) : 0 };
}

/** Orders and net sales by fulfilment type or by channel (orders.source). */
export async function salesBreakdown(period: Period, by: "fulfillment" | "source"): Promise<Breakdown[]> {
  return sql<Breakdown[]>`
    select ${sql(by)} as key, sum(orders)::int as orders, sum(net_cents)::bigint as "netCents"
      from sales_days where ${inPeriod(period)} group by 1 order by 1`;
}

export interface SalesDay {
  day: string;
  orders: number;
  netCents: number;
}

export async function salesByDay(period: Period): Promise<SalesDay[]> {
  return sql<SalesDay[]>`
    select day::text as day, sum(orders)::int as orders, sum(net_cents)::bigint as "netCents"
      from sales_days where ${inPeriod(period)} group by day order by day`;
}

export interface SalesHour {
  hour: number;
  orders: number;
  netCents: number;
}

/** Orders by local hour of day, placed or due (shipping has no hour). */
export async function salesByHour(period: Period): Promise<SalesHour[]> {
  return sql<SalesHour[]>`
    select hour, sum(orders)::int as orders, sum(net_cents)::bigint as "netCents"
      from sales_hours where ${inPeriod(period)} group by hour order by hour`;
}

export interface ProductSales {
  key: string;
  name: string;
  units: number;
  revenueCents: number;
}

/**
 * Products (or categories) by units and revenue. Active products that sold nothing are in with
 * zero, so the bottom of the list is what did not sell; a deleted product keeps its name as sold.
 */
export async function productSales(period: Period, by: "product" | "category"): Promise<ProductSales[]> {
  if (by === "product") {
    return sql<ProductSales[]>`
      with sold as (
        select coalesce('p' || r.product_id, 'n:' || max(r.product_name)) as key, r.product_id,
               max(r.product_name) as sold_name, sum(r.units)::int as units, sum(r.revenue_cents)::bigint as revenue
          from product_sales_days r where ${inPeriod(period)}
         group by r.product_id, case when r.product_id is null then r.product_name end
      )
      select coalesce(s.key, 'p' || p.id) as key, coalesce(p.name, s.sold_name) as name,
             coalesce(s.units, 0) as units, coalesce(s.revenue, 0) as "revenueCents"
        from sold s full join (select id, name from products where is_active) p on p.id = s.product_id
       order by units desc, "revenueCents" desc, name`;
  }
  return sql<ProductSales[]>`
    with sold as (
      select p.category_id, sum(r.units)::int as units, sum(r.revenue_cents)::bigint as revenue
        from product_sales_days r left join products p on p.id = r.product_id
       where ${inPeriod(period)} group by p.category_id
    )
    select coalesce('c' || coalesce(s.category_id, c.id), 'none') as key, coalesce(c.name, 'No category (deleted products)') as name,
           coalesce(s.units, 0) as units, coalesce(s.revenue, 0) as "revenueCents"
      from sold s full join categories c on c.id = s.category_id
     order by units desc, "revenueCents" desc, name`;
}

export interface CustomerFigures {
  customers: number;
  newCustomers: number;
  returningCustomers: number;
  /** customers with two or more orders in the range */
  repeatCustomers: number;
}

/**
 * By customer identity (customers.id: their email), whatever they paid with. New: their first paid
 * order in the shop (any location, this basis; customer_first_days) is in the range; returning:
 * they had bought before. Summed from customer_gap_days (customer_figures; ADR 017).
 */
export async function customerFigures(period: Period): Promise<CustomerFigures> {
  const [row] = await sql<CustomerFigures[]>`
    select customers, new_customers as "newCustomers", returning_customers as "returningCustomers", repeat_customers as "repeatCustomers"
      from customer_figures(${period.locationIds}::bigint[], ${period.basis}, ${period.from}::date, ${period.to}::date)`;
  return row;
}

export interface TopCustomer {
  id: number;
  name: string;
  email: string;
  orders: number;
  netCents: number;
}

export async function topCustomers(period: Period, limit = 10): Promise<TopCustomer[]> {
  // Ranked on the rollups alone (top_customers), then named: only the top rows meet the customers table.
  return sql<TopCustomer[]>`
    select c.id, c.name, c.email, t.orders, t.net_cents as "netCents"
      from top_customers(${period.locationIds}::bigint[], ${period.basis}, ${period.from}::date, ${period.to}::date, ${limit}) t
      join customers c on c.id = t.customer_id order by t.net_cents desc, t.orders desc, c.id`;
}

export interface LowStock {
  variantId: number;
  productId: number;
  productName: string;
  variantName: string;
  locationName: string;
  quantity: number;
  threshold: number;
}

export async function lowStock(locationIds: number[]): Promise<LowStock[]> {
  return sql<LowStock[]>`
    select v.id as "variantId", p.id as "productId", p.name as "productName", v.name as "variantName",
           l.name as "locationName", i.quantity, v.low_stock_threshold as threshold
      from variants v join products p on p.id = v.product_id
      join inventory_levels i on i.variant_id = v.id join locations l on l.id = i.location_id
     where v.low_stock_threshold is not null and i.quantity <= v.low_stock_threshold
       and i.location_id = any(${locationIds}::bigint[])
     order by i.quantity, p.name, v.name, l.name`;
}
