// Packing (/admin/packing): a day's orders as the people packing and handing them over use them.
// The pickup shelf (a card per order: items, choices, note, allergens; Packed then Collected, the
// board's own steps), the delivery sheet (stops by zone and postal code; Out for delivery then
// Delivered) and the shipping table (a packing slip each), for one slot or the whole day; bag
// labels to print; pickups nobody collected, to record for follow-up; CSV of either list. Plain
// forms and links: it works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { packingSchema } from "~/kitchen/packing-form.server";
import { requireAdmin } from "~/accounts/auth.server";
import { FormError, Notice } from "~/components/Field";
import { ModifierList } from "~/components/ModifierList";
import { boardColumn, owing, type BoardOrder } from "~/kitchen/board";
import { advanceOrder, boardOrders, listBoardLocations } from "~/kitchen/board.server";
import { allergensOf, forPacking, PACKING_KINDS, packingView, shelfStep, slotOf, stopStep, uncollected, windowsOf, type PackingKind } from "~/kitchen/packing";
import { recordNoShow } from "~/kitchen/packing.server";
import { adminAction, auditContext, done, refusal, type AdminFormFailure } from "~/lib/admin-action.server";
import { TRACKING_FIELDS, trackingFromForm, trackingSentence } from "~/kitchen/shipment-tracking";
import { TrackingInputs } from "~/components/TrackingInputs";
import { formatMoney } from "~/lib/money";
import { readNotice } from "~/lib/session.server";
import { formatDay, formatTimeOfDay } from "~/lib/time";
import { recordCounterPayment } from "~/ordering/staff-orders.server";
import { PhoneLink } from "~/components/PhoneLink";

export const meta: MetaFunction = () => [{ title: "Packing — Admin" }];

const KIND_TITLES: Record<PackingKind, string> = { pickup: "Pickup shelf", delivery: "Delivery sheet", shipping: "Shipping" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [location] = await listBoardLocations();
  if (!location) throw new Response("No location is set up yet.", { status: 404 });
  const view = packingView(new URL(request.url), location.timezone);
  const [orders, { notice, headers }] = await Promise.all([boardOrders(location, view.day), readNotice(request)]);
  const windows = windowsOf(orders, view.kind);
  const window = view.window && windows.includes(view.window) ? view.window : null;
  return data({
    location, ...view, window, windows,
    orders: forPacking(orders, view.kind, window),
    uncollected: view.kind === "pickup" ? uncollected(orders) : [],
    now: new Date().toISOString(),
    notice,
  }, { headers });
}

const STEP_WORDS = { ready: "packed", collected: "collected", out_for_delivery: "out for delivery", delivered: "delivered", shipped: "shipped" } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const audit = auditContext(admin, context);
  return adminAction(request, packingSchema, async (input) => {
    const query = new URLSearchParams();
    for (const key of ["date", "kind", "window"] as const) if (input[key]) query.set(key, input[key]!);
    const to = `/admin/packing${query.size ? `?${query}` : ""}`;
    switch (input.intent) {
      case "step": {
        const tracking = trackingFromForm(input);
        if ("refused" in tracking) return refusal(422, tracking.refused, tracking.field);
        const order = await advanceOrder({
          orderId: input.orderId, step: input.step, seenState: input.seenState, delayMinutes: 0,
          shipmentCarrier: tracking.carrier, trackingNumber: tracking.trackingNumber,
        }, admin.id, audit.requestId);
        const sentence = input.step === "shipped" ? trackingSentence(order.shipmentCarrier, order.trackingNumber) : null;
        return done(to, `Order #${order.number} ${STEP_WORDS[input.step]}.${sentence ? ` ${sentence}` : ""}`);
      }
      case "pay":
        await recordCounterPayment(input.orderId, input.method, audit);
        return done(to, `Payment recorded (${input.method === "cash" ? "cash" : "card"}): hand the order over.`);
      case "noShow":
        await recordNoShow(input.orderId, audit);
        return done(to, "Recorded as not collected.");
    }
  }, { fields: { step: TRACKING_FIELDS }, form: (values) => `order-${values.orderId ?? ""}` });
}

function Hidden({ order, day, kind, window }: { order: BoardOrder; day: string; kind: PackingKind; window: string | null }) {
  return (
    <>
      <input type="hidden" name="orderId" value={order.id} />
      <input type="hidden" name="seenState" value={order.state} />
      <input type="hidden" name="date" value={day} />
      <input type="hidden" name="kind" value={kind} />
      {window ? <input type="hidden" name="window" value={window} /> : null}
    </>
  );
}

function StepForm({ step, busy, ...where }: { order: BoardOrder; day: string; kind: PackingKind; window: string | null; step: { step: string; label: string }; busy: boolean }) {
  return (
    <Form method="post" className="board-step">
      <Hidden {...where} />
      <input type="hidden" name="intent" value="step" />
      <button type="submit" name="step" value={step.step} disabled={busy}>{step.label}</button>
    </Form>
  );
}

export default function Packing() {
  const { location, day, kind, window, windows, orders, uncollected: notCollected, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as AdminFormFailure | undefined;
  const busy = useNavigation().state !== "idle";
  const tz = location.timezone;
  const query = new URLSearchParams({ date: day, kind, ...(window ? { window } : {}) });
  const slotText = (slot: string) => kind === "delivery"
    ? `${formatTimeOfDay(slot, tz)}–${formatTimeOfDay(new Date(Date.parse(slot) + location.deliveryWindowMinutes * 60_000), tz)}`
    : formatTimeOfDay(slot, tz);
  const errorFor = (order: BoardOrder) => (failure?.form === `order-${order.id}` ? failure.formError : undefined);

  return (
    <div className="packing">
      <h1>Packing — {formatDay(day)}</h1>
      <Notice message={notice} />
      <FormError message={failure && !failure.form?.startsWith("order-") ? failure.formError : undefined} />
      <Form method="get" className="board-day">
        <label>Day <input type="date" name="date" defaultValue={day} /></label>
        <label>
          List{" "}
          <select name="kind" defaultValue={kind}>
            {PACKING_KINDS.map((each) => <option key={each} value={each}>{KIND_TITLES[each]}</option>)}
          </select>
        </label>
        {windows.length > 0 ? (
          <label>
            {kind === "delivery" ? "Window" : "Slot"}{" "}
            <select name="window" defaultValue={window ?? ""}>
              <option value="">Whole day</option>
              {windows.map((slot) => <option key={slot} value={slot}>{slotText(slot)}</option>)}
            </select>
          </label>
        ) : null}
        <button type="submit">Show</button>
      </Form>

      <h2>{KIND_TITLES[kind]}{window ? `, ${slotText(window)}` : ""} ({orders.length})</h2>
      {orders.length === 0 ? <p className="muted">No {kind} orders to pack for this {window ? "slot" : "day"}.</p> : (
        <p className="button-row">
          {kind !== "shipping" ? <button type="submit" form="labels" className="secondary">Print bag labels</button> : null}
          <a href={`/admin/packing.csv?${query}`} download>Download the day as CSV</a>
        </p>
      )}
      {/* The bag counts typed on the cards go with this form (form="labels"). */}
      <Form id="labels" method="get" action="/admin/packing/labels">
        <input type="hidden" name="date" value={day} />
        <input type="hidden" name="kind" value={kind} />
        {window ? <input type="hidden" name="window" value={window} /> : null}
      </Form>

      {kind === "delivery" ? (
        <ol className="delivery-stops">
          {orders.map((order) => {
            const next = stopStep(order);
            const slot = slotOf(order);
            return (
              <li key={order.id} className="packing-card" aria-labelledby={`stop-${order.id}`}>
                <h3 id={`stop-${order.id}`}><Link to={`/admin/orders/${order.number}`}>#{order.number}</Link> {order.customerName}</h3>
                <p><strong>{order.address?.line1}{order.address?.line2 ? `, ${order.address.line2}` : ""}, {order.address?.postalCode}</strong>{order.deliveryZoneName ? ` · ${order.deliveryZoneName}` : ""}</p>
                <p>{slot ? slotText(slot) : ""} · <PhoneLink phone={order.customerPhone} /> · {order.items.reduce((sum, item) => sum + item.quantity, 0)} items · {order.state.replaceAll("_", " ")}</p>
                {/* A delivery is paid before it goes out (paying at the counter is for pickups), so this says so. */}
                <p>{owing(order) === null ? "Paid: nothing to collect" : <strong className="owing">Collect {formatMoney(owing(order)!, order.currency)}</strong>}</p>
                {order.customerNote ? <p className="order-note">Note: {order.customerNote}</p> : null}
                <label className="packing-bags">Bags <input type="number" form="labels" name={`bags-${order.id}`} min={1} max={20} defaultValue={1} /></label>
                <FormError message={errorFor(order)} />
                {next ? <StepForm order={order} day={day} kind={kind} window={window} step={next} busy={busy} /> : null}
              </li>
            );
          })}
        </ol>
      ) : (
        <div className="packing-cards">
          {orders.map((order) => {
            // A parcel is packed (Ready) like a pickup, then shipped with its tracking rather than collected.
            const shelf = shelfStep(order);
            const next = kind === "pickup" || shelf?.step === "ready" ? shelf : null;
            const owed = owing(order);
            const allergens = allergensOf(order);
            const slot = slotOf(order);
            return (
              <article key={order.id} className="packing-card" aria-labelledby={`pack-${order.id}`}>
                <h3 id={`pack-${order.id}`}><Link to={`/admin/orders/${order.number}`}>#{order.number}</Link> {order.customerName}</h3>
                <p className="muted">{slot ? slotText(slot) : order.shipOn ? formatDay(order.shipOn) : ""} · {order.state.replaceAll("_", " ")}</p>
                <ul className="board-items">
                  {order.items.map((item) => (
                    <li key={item.id}>
                      <strong>{item.quantity} ×</strong> {item.productName} ({item.variantName})
                      <ModifierList modifiers={item.modifiers} currency={order.currency} />
                    </li>
                  ))}
                </ul>
                {allergens.length ? <p className="allergens"><strong>Contains:</strong> {allergens.join(", ")}</p> : null}
                {order.customerNote ? <p className="order-note">Note: {order.customerNote}</p> : null}
                {kind === "shipping" ? (
                  <p><Link to={`/admin/orders/${order.number}/receipt?paper=page`}>Packing slip</Link>{order.address ? ` · to ${order.address.line1}, ${order.address.postalCode}` : ""}</p>
                ) : (
                  <label className="packing-bags">Bags <input type="number" form="labels" name={`bags-${order.id}`} min={1} max={20} defaultValue={1} /></label>
                )}
                <FormError message={errorFor(order)} />
                {owed !== null ? (
                  <Form method="post" className="board-step board-pay">
                    <Hidden order={order} day={day} kind={kind} window={window} />
                    <input type="hidden" name="intent" value="pay" />
                    <strong className="owing">Owes {formatMoney(owed, order.currency)}</strong>{" "}
                    <button type="submit" name="method" value="cash" className="secondary" disabled={busy}>Paid cash</button>{" "}
                    <button type="submit" name="method" value="card_present" className="secondary" disabled={busy}>Paid by card</button>
                  </Form>
                ) : null}
                {next ? <StepForm order={order} day={day} kind={kind} window={window} step={next} busy={busy} /> : null}
                {kind === "shipping" && boardColumn(order) === "ready" ? (
                  <Form method="post" className="board-step board-ship" noValidate>
                    <Hidden order={order} day={day} kind={kind} window={window} />
                    <input type="hidden" name="intent" value="step" />
                    <TrackingInputs idPrefix={`ship-${order.id}`} values={failure?.form === `order-${order.id}` ? failure.values : undefined}
                      errors={failure?.form === `order-${order.id}` ? failure.errors : undefined} />
                    <button type="submit" name="step" value="shipped" disabled={busy}>Shipped</button>
                  </Form>
                ) : null}
              </article>
            );
          })}
        </div>
      )}

      {kind === "pickup" ? (
        <section aria-labelledby="not-collected">
          <h2 id="not-collected">Not collected ({notCollected.length})</h2>
          {notCollected.length === 0 ? <p className="muted">Every pickup due so far has been collected or recorded.</p> : (
            <ul className="events">
              {notCollected.map((order) => (
                <li key={order.id}>
                  <Link to={`/admin/orders/${order.number}`}>#{order.number}</Link> {order.customerName},{" "}
                  due {order.promisedAt ? formatTimeOfDay(order.promisedAt, tz) : ""} · <PhoneLink phone={order.customerPhone} />
                  {order.customerNoShows > 0 ? <strong> · {order.customerNoShows} earlier no-show{order.customerNoShows === 1 ? "" : "s"}</strong> : null}
                  <FormError message={errorFor(order)} />
                  <Form method="post" className="inline-form">
                    <Hidden order={order} day={day} kind={kind} window={window} />
                    <input type="hidden" name="intent" value="noShow" />
                    <button type="submit" className="secondary" disabled={busy}>Not collected</button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
