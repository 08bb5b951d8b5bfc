// The dashboard's funnel, operations and product-extras sections (figures from
// insights/operations.server.ts), each figure beside its comparison, each chart with its data table
// and each table with its CSV link. UI only: the route loads the figures.
import { Link } from "@remix-run/react";
import { ColumnChart } from "~/components/SalesCharts";
import { change, formatChange } from "~/insights/dashboard-range";
import type { Funnel, LeadTime, ModifierSales, OperationsFigures, SoldOut, WeekdayOrders } from "~/insights/operations.server";
import { dateTimeFormat } from "~/lib/intl";

export interface OperationsProps {
  funnel: Funnel;
  funnelBefore: Funnel;
  operations: OperationsFigures;
  operationsBefore: OperationsFigures;
  weekdays: WeekdayOrders[];
  leadTimes: LeadTime[];
  modifiers: ModifierSales[];
  soldOut: SoldOut[];
  money: (cents: number) => string;
  csv: (table: string) => string;
  timezone: string;
}

const STEP_WORDS = { cart: "Carts started", checkout: "Checkouts started", placed: "Orders placed", paid: "Orders paid" } as const;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

/** The share of the step before that did not reach this one, as "−40 %". */
function drop(now: number, previous: number | null): string {
  if (previous === null) return "—";
  if (previous === 0) return "—";
  return `${Math.round(((previous - now) / previous) * 1000) / 10} %`;
}

function ComparedRow({ label, now, before, format = String }: { label: string; now: number; before: number; format?: (value: number) => string }) {
  return <tr><th scope="row">{label}</th><td>{format(now)}</td><td>{format(before)}</td><td>{formatChange(change(now, before))}</td></tr>;
}

export function FunnelSection({ funnel, funnelBefore, csv }: Pick<OperationsProps, "funnel" | "funnelBefore" | "csv">) {
  const steps = Object.keys(STEP_WORDS) as (keyof typeof STEP_WORDS)[];
  return (
    <>
      <h2 id="funnel-heading">Funnel</h2>
      <p className="hint">The storefront's own counts, by the day each step happened: no tracker, nothing kept about who. Staff orders are not in it.</p>
      <div className="table-scroll" tabIndex={0}>
        <table aria-labelledby="funnel-heading">
          <thead><tr><th scope="col">Step</th><th scope="col">This period</th><th scope="col">Dropped since the step before</th><th scope="col">Comparison</th><th scope="col">Dropped (comparison)</th><th scope="col">Change</th></tr></thead>
          <tbody>{steps.map((step, index) => {
            const previous = index === 0 ? null : steps[index - 1];
            return (
              <tr key={step}>
                <th scope="row">{STEP_WORDS[step]}</th>
                <td>{funnel[step]}</td><td>{drop(funnel[step], previous ? funnel[previous] : null)}</td>
                <td>{funnelBefore[step]}</td><td>{drop(funnelBefore[step], previous ? funnelBefore[previous] : null)}</td>
                <td>{formatChange(change(funnel[step], funnelBefore[step]))}</td>
              </tr>
            );
          })}</tbody>
        </table>
      </div>
      <p><a href={csv("funnel")} download>Download the funnel (CSV)</a></p>
    </>
  );
}

export function OperationsSection({ operations: o, operationsBefore: b, weekdays, leadTimes, money, csv }: Omit<OperationsProps, "funnel" | "funnelBefore" | "modifiers" | "soldOut" | "timezone">) {
  const rate = (x: OperationsFigures) => percent(x.paymentsSucceeded, x.paymentsSucceeded + x.paymentsDeclined + x.paymentsFailed);
  const usage = (x: OperationsFigures) => percent(x.slotsBooked, x.slotCapacity);
  const noShowRate = (x: OperationsFigures) => percent(x.noShows, x.pickups);
  const pct = (value: number) => `${value} %`;
  return (
    <>
      <h2 id="operations-heading">Operations</h2>
      <p className="hint">Orders by hour are in the chart under Sales. Slots: pickup and delivery slots of these days that anyone booked, their bookings against their capacity. Payments: online attempts by the day they were made; declines are the card's answer, failures are ours (Square unreachable, an outcome we never learnt).</p>
      <div className="table-scroll" tabIndex={0}>
        <table aria-labelledby="operations-heading">
          <thead><tr><th scope="col">Figure</th><th scope="col">This period</th><th scope="col">Comparison</th><th scope="col">Change</th></tr></thead>
          <tbody>
            <ComparedRow label="Slot bookings" now={o.slotsBooked} before={b.slotsBooked} />
            <ComparedRow label="Slot capacity (booked slots)" now={o.slotCapacity} before={b.slotCapacity} />
            <ComparedRow label="Slot utilisation" now={usage(o)} before={usage(b)} format={pct} />
            <ComparedRow label="Average lead time (days ahead)" now={o.averageLeadDays} before={b.averageLeadDays} />
            <ComparedRow label="Pickups" now={o.pickups} before={b.pickups} />
            <ComparedRow label="Uncollected pickups (no-shows)" now={o.noShows} before={b.noShows} />
            <ComparedRow label="No-show rate" now={noShowRate(o)} before={noShowRate(b)} format={pct} />
            <ComparedRow label="Orders refunded (in part or whole)" now={o.refundedOrders} before={b.refundedOrders} />
            <ComparedRow label="Payment attempts" now={o.paymentAttempts} before={b.paymentAttempts} />
            <ComparedRow label="Payments succeeded" now={o.paymentsSucceeded} before={b.paymentsSucceeded} />
            <ComparedRow label="Cards declined" now={o.paymentsDeclined} before={b.paymentsDeclined} />
            <ComparedRow label="Our failures" now={o.paymentsFailed} before={b.paymentsFailed} />
            <ComparedRow label="Payment success rate" now={rate(o)} before={rate(b)} format={pct} />
          </tbody>
        </table>
      </div>
      <p><a href={csv("operations")} download>Download operations figures (CSV)</a></p>

      <h3 id="by-weekday-heading">Orders by weekday</h3>
      <ColumnChart title="Orders by weekday"
        bars={weekdays.map((each) => ({ label: WEEKDAYS[each.weekday].slice(0, 3), value: each.orders, text: `${each.orders} order(s), ${money(each.netCents)}` }))} />
      <div className="table-scroll" tabIndex={0}>
        <table aria-labelledby="by-weekday-heading">
          <caption className="visually-hidden">Orders by weekday (the chart's data)</caption>
          <thead><tr><th scope="col">Weekday</th><th scope="col">Orders</th><th scope="col">Net sales</th></tr></thead>
          <tbody>{weekdays.map((each) => <tr key={each.weekday}><th scope="row">{WEEKDAYS[each.weekday]}</th><td>{each.orders}</td><td>{money(each.netCents)}</td></tr>)}</tbody>
        </table>
      </div>
      <p><a href={csv("weekdays")} download>Download orders by weekday (CSV)</a></p>

      <h3 id="lead-time-heading">Lead time</h3>
      {leadTimes.length === 0 ? <p className="muted">No orders in this period.</p> : (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="lead-time-heading">
            <thead><tr><th scope="col">Ordered</th><th scope="col">Orders</th></tr></thead>
            <tbody>{leadTimes.map((each) => (
              <tr key={each.leadDays}><th scope="row">{each.leadDays === 0 ? "Same day" : `${each.leadDays} day${each.leadDays === 1 ? "" : "s"} ahead`}</th><td>{each.orders}</td></tr>
            ))}</tbody>
          </table>
        </div>
      )}
      <p><a href={csv("lead-times")} download>Download lead times (CSV)</a></p>
    </>
  );
}

export function ProductExtras({ modifiers, soldOut, money, csv, timezone }: Pick<OperationsProps, "modifiers" | "soldOut" | "money" | "csv" | "timezone">) {
  const when = (value: Date | string) => dateTimeFormat("en-GB", { timeZone: timezone, dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
  return (
    <>
      <h3 id="modifiers-heading">Modifiers chosen most</h3>
      {modifiers.length === 0 ? <p className="muted">No modifier was chosen in this period.</p> : (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="modifiers-heading">
            <thead><tr><th scope="col">Modifier</th><th scope="col">Times chosen</th><th scope="col">Revenue</th></tr></thead>
            <tbody>{modifiers.map((each) => <tr key={each.key}><th scope="row">{each.name} <span className="muted">{each.listName}</span></th><td>{each.times}</td><td>{money(each.revenueCents)}</td></tr>)}</tbody>
          </table>
        </div>
      )}
      <p><a href={csv("modifiers")} download>Download modifiers (CSV)</a></p>
      <h3 id="sold-out-heading">Sold out</h3>
      <p className="hint">When each variation sold out (flagged, or its stock at a location reached zero) and came back. Recorded since this dashboard's funnel and operations release; earlier sell-outs were not kept.</p>
      {soldOut.length === 0 ? <p className="muted">Nothing sold out in this period.</p> : (
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="sold-out-heading">
            <thead><tr><th scope="col">Variation</th><th scope="col">Where</th><th scope="col">Sold out</th><th scope="col">Back</th></tr></thead>
            <tbody>{soldOut.map((each) => (
              <tr key={`${each.variantId}-${each.locationName ?? "all"}-${String(each.soldOutAt)}`}>
                <th scope="row"><Link to={`/admin/menu/products/${each.productId}`}>{each.productName} — {each.variantName}</Link></th>
                <td>{each.locationName ?? "Everywhere"}</td><td>{when(each.soldOutAt)}</td><td>{each.backAt ? when(each.backAt) : "Still sold out"}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
      <p><a href={csv("sold-out")} download>Download sold-out items (CSV)</a></p>
    </>
  );
}
