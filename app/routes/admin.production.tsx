// The production plan (/admin/production): for a day and window, how many of each variation to make,
// in units, with the modifiers chosen, grouped by category; pending (unpaid) orders apart. Staff
// record units made (made/remaining); printing keeps the plan as printed, and each line then says
// how it moved since. Plain forms and links (303 back here); with JavaScript it refreshes itself.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { planSchema } from "~/kitchen/production-form.server";
import { requireAdmin } from "~/accounts/auth.server";
import { FormError, Notice } from "~/components/Field";
import { listBoardLocations } from "~/kitchen/board.server";
import { defaultPlanDay, parseDay, parseWindow, planLines, signed, windowLabel, windowValue, type PlanLine, type PlanWindow } from "~/kitchen/production";
import { latestPrint, madeSoFar, productionPlan, productionWindows, recordMade, recordPrint, type PlanWindowOption } from "~/kitchen/production.server";
import { adminAction, auditContext, done, refusal, type AdminFormFailure } from "~/lib/admin-action.server";
import { failureOf } from "~/lib/forms";
import { readNotice } from "~/lib/session.server";
import { formatDay, formatTimeOfDay } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Production plan — Admin" }];

function planAddress(location: number, day: string, window: PlanWindow, multipleLocations: boolean): string {
  const query = new URLSearchParams({ day });
  if (window) query.set("window", windowValue(window));
  if (multipleLocations) query.set("location", String(location));
  return `/admin/production?${query}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const locations = await listBoardLocations();
  const location = locations.find((each) => String(each.id) === url.searchParams.get("location")) ?? locations[0];
  if (!location) throw new Response("No location is set up yet.", { status: 404 });
  const problems: string[] = [];
  const askedDay = url.searchParams.get("day");
  let day = askedDay === null || askedDay === "" ? defaultPlanDay(location.timezone) : parseDay(askedDay);
  if (day === null) {
    problems.push(`“${askedDay}” is not a day: choose one with the date picker (YYYY-MM-DD). Showing ${formatDay(defaultPlanDay(location.timezone))} instead.`);
    day = defaultPlanDay(location.timezone);
  }
  let window = parseWindow(url.searchParams.get("window"));
  if (window === undefined) {
    problems.push("That is not a pickup slot, delivery window or ship day: showing the whole day.");
    window = null;
  }
  const windows = await productionWindows(location.id, day);
  let fallback: string | null = null;
  if (window && !windows.some((each) => each.fulfillment === window!.fulfillment && each.windowStart === window!.start)) {
    fallback = "No orders are due in that window on this day: showing the whole day.";
    window = null;
  }
  const [rows, made, printed, { notice, headers }] = await Promise.all([
    productionPlan(location.id, day, window),
    madeSoFar(location.id, day),
    latestPrint(location.id, day, window),
    readNotice(request),
  ]);
  const plan = planLines(rows, made, printed);
  return data(
    {
      locations, location, day, window, windowKey: windowValue(window), windows, plan, printedAt: printed?.printedAt ?? null,
      notice: fallback ?? notice, problem: problems.join(" ") || null, now: new Date().toISOString(),
    },
    { headers, status: problems.length ? 400 : 200 },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const audit = auditContext(admin, context);
  return adminAction(
    request,
    planSchema,
    async (input) => {
      const locations = await listBoardLocations();
      const location = locations.find((each) => each.id === input.location);
      if (!location) return refusal(404, "That location does not exist or is not active.");
      const window = parseWindow(input.window);
      if (window === undefined) return refusal(422, "That is not a pickup slot, delivery window or ship day; reload the page.");
      const back = planAddress(location.id, input.day, window, locations.length > 1);
      switch (input.intent) {
        case "made":
        case "made-all": {
          // Made counts are the whole day's, so they are recorded from the whole day's plan.
          if (window) return refusal(409, "Record what is made on the whole day's plan: made counts are for the whole day.");
          const madeUnits = input.intent === "made" ? input.madeUnits : input.seenUnits;
          await recordMade({ locationId: location.id, day: input.day, variantId: input.variantId, seenUnits: input.seenUnits, madeUnits }, admin.id, audit.requestId);
          const remaining = Math.max(input.seenUnits - madeUnits, 0);
          return done(back, remaining === 0 ? `Line made: ${madeUnits} units.` : `${madeUnits} units made, ${remaining} to go.`);
        }
        case "print": {
          const id = await recordPrint(location.id, input.day, window, admin.id, audit.requestId);
          return done(`/admin/production/print/${id}`, "Plan kept as printed: the plan page now shows what changes after this.");
        }
      }
    },
    { fields: { made: ["madeUnits"] }, form: (values) => (values.variantId ? `line-${values.variantId}` : (values.intent ?? "form")) },
  );
}

/** With JavaScript, the plan reloads its own data every 30 s while the tab is visible. */
function useLivePlan() {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle" && navigation.state === "idle") revalidator.revalidate();
    }, 30_000);
    return () => clearInterval(timer);
  }, [revalidator, navigation.state]);
}

function LineCard({ line, hidden, wholeDay, failure, timeZone, printedAt }: {
  line: PlanLine; hidden: Record<string, string>; wholeDay: boolean; failure?: AdminFormFailure; timeZone: string; printedAt: string | null;
}) {
  const title = `${line.productName} — ${line.variantName}`;
  const busy = useNavigation().state !== "idle";
  return (
    <article className="plan-line panel" aria-label={title}>
      <h3>{title}</h3>
      <p className="plan-count">
        <strong>× {line.quantity} = {line.units} units</strong>
        {line.unitsPerVariation !== 1 ? <span className="muted"> ({line.unitsPerVariation} a {line.variantName.toLowerCase()})</span> : null}
      </p>
      {line.sincePrinted !== null && printedAt ? (
        <p className="plan-moved">{signed(line.sincePrinted)} since printed at {formatTimeOfDay(printedAt, timeZone)}</p>
      ) : null}
      {line.modifiers.length ? (
        <ul className="plan-modifiers" aria-label={`Choices on ${title}`}>
          {line.modifiers.map((modifier) => (
            <li key={`${modifier.list}|${modifier.name}`}>
              of which {modifier.name} {modifier.quantity}
              {line.unitsPerVariation !== 1 ? ` (${modifier.units} units)` : ""} <span className="muted">({modifier.list})</span>
              {modifier.pendingQuantity ? <span className="muted"> · pending {modifier.pendingQuantity}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {line.pendingQuantity ? <p className="plan-pending">Pending (not paid yet): × {line.pendingQuantity} = {line.pendingUnits} units</p> : null}
      {line.variantId !== null ? (
        <p className="plan-made">
          {wholeDay ? "" : "Whole day: "}Made {line.made?.madeUnits ?? 0} · remaining {line.remainingUnits}
          {line.made ? <span className="muted"> — {line.made.madeBy}, {formatTimeOfDay(line.made.madeAt, timeZone)}</span> : null}
        </p>
      ) : null}
      {wholeDay && line.variantId !== null ? (
        <Form method="post" className="plan-tick" noValidate>
          <FormError message={failure?.formError} />
          {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
          <input type="hidden" name="variantId" value={line.variantId} />
          <input type="hidden" name="seenUnits" value={line.units} />
          {line.remainingUnits > 0 ? (
            <button type="submit" name="intent" value="made-all" disabled={busy} aria-label={`Mark ${title} made (${line.units} units)`}>Mark made</button>
          ) : null}
          <label htmlFor={`made-${line.variantId}`}>Units made so far</label>
          <input id={`made-${line.variantId}`} name="madeUnits" inputMode="numeric" size={6}
            defaultValue={failure?.values.madeUnits ?? String(line.made?.madeUnits ?? "")}
            aria-invalid={failure?.errors.madeUnits ? true : undefined} />
          <button type="submit" name="intent" value="made" className="secondary" disabled={busy} aria-label={`Save units made of ${title}`}>Save</button>
          {failure?.errors.madeUnits ? <p className="field-error" role="alert">{failure.errors.madeUnits}</p> : null}
        </Form>
      ) : null}
    </article>
  );
}

export default function ProductionPlan() {
  const { locations, location, day, window, windowKey, windows, plan, printedAt, notice, problem } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as AdminFormFailure | undefined;
  useLivePlan();
  const hidden = { location: String(location.id), day, window: windowKey };
  const query = new URLSearchParams({ day, ...(windowKey ? { window: windowKey } : {}), ...(locations.length > 1 ? { location: String(location.id) } : {}) });
  const empty = plan.categories.length === 0;
  const windowName = window ? windowLabel({ fulfillment: window.fulfillment, windowStart: window.start }, location.timezone) : "Whole day";
  return (
    <div className="production">
      <noscript>
        <meta httpEquiv="refresh" content="60" />
      </noscript>
      <h1>Production plan</h1>
      <p className="lead">{formatDay(day)} · {windowName}{locations.length > 1 ? ` · ${location.name}` : ""}</p>
      {problem ? <p className="form-error" role="alert">{problem}</p> : null}
      <Notice message={notice} />
      <FormError message={failure?.form === null || failure?.form === "print" ? failure.formError : undefined} />
      <Form method="get" className="board-day">
        {locations.length > 1 ? (
          <label>
            Location{" "}
            <select name="location" defaultValue={location.id}>
              {locations.map((each) => <option key={each.id} value={each.id}>{each.name}</option>)}
            </select>
          </label>
        ) : null}
        <label>
          Day <input type="date" name="day" defaultValue={day} />
        </label>
        <label>
          Window{" "}
          <select name="window" defaultValue={windowKey}>
            <option value="">Whole day</option>
            {windows.map((each: PlanWindowOption) => {
              const value = windowValue(each.fulfillment === "shipping" ? { fulfillment: "shipping", start: null } : { fulfillment: each.fulfillment, start: each.windowStart! });
              return <option key={value} value={value}>{windowLabel(each, location.timezone)} ({each.orders} {each.orders === 1 ? "order" : "orders"})</option>;
            })}
          </select>
        </label>
        <button type="submit">Show</button>
      </Form>
      <p className="plan-actions">
        <Link to={`/admin/production?${query}`}>Refresh</Link>
        <Link to={`/admin/production.csv?${query}`} reloadDocument download>Download CSV</Link>
      </p>
      <Form method="post" className="plan-actions">
        {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
        <button type="submit" name="intent" value="print" className="secondary">Print plan</button>
        {printedAt ? <span className="muted"> Last printed at {formatTimeOfDay(printedAt, location.timezone)}</span> : null}
      </Form>
      {!window ? null : <p className="hint">Made counts are for the whole day; record them on the whole day's plan.</p>}
      {empty ? (
        <p className="panel">No orders for {formatDay(day)}{window ? ` in this window` : ""} yet: nothing to make.</p>
      ) : (
        plan.categories.map((category) => (
          <section key={category.name} aria-label={category.name}>
            <h2>{category.name}</h2>
            {category.lines.map((line) => (
              <LineCard key={line.key} line={line} hidden={hidden} wholeDay={!window} failure={failureOf(failure, `line-${line.variantId}`)}
                timeZone={location.timezone} printedAt={printedAt} />
            ))}
          </section>
        ))
      )}
      {plan.goneSincePrinted.length && printedAt ? (
        <section aria-label="No longer ordered">
          <h2>No longer ordered since printed at {formatTimeOfDay(printedAt, location.timezone)}</h2>
          <ul>
            {plan.goneSincePrinted.map((gone) => (
              <li key={`${gone.productName}|${gone.variantName}`}>{gone.productName} — {gone.variantName}: {signed(-gone.printedUnits)} (now 0)</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
