// One location's fulfillment and pricing settings: pickup, weekly hours, closed days, delivery,
// shipping, tax and tips. Staff read them; owners change them, one form (and one audited
// transaction) per group, each switching on its `intent`.
// Long on purpose (~350 lines): eight small forms on one page, their schemas in one union by intent,
// their saves in one switch, and their markup; the work is in fulfillment/locations.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { settingsSchema } from "~/fulfillment/location-settings-form.server";
import { basisPointsToPercentText, centsToDollarsText } from "~/lib/admin-forms";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { CheckboxField, FormError, Notice, SelectField, TextField } from "~/components/Field";
import { adminAction, auditContext, done, type AdminFormFailure } from "~/lib/admin-action.server";
import { failureOf } from "~/lib/forms";
import {
  addClosure,
  getLocationSettings,
  listLocations,
  removeClosure,
  replaceOpeningHours,
  updateDeliverySettings,
  updatePickupSettings,
  updateShippingSettings,
  updateTaxSettings,
  updateKitchenSettings,
  updateTipSettings,
} from "~/fulfillment/locations.server";
import { formatMoney } from "~/lib/money";
import { formatDayHours, WEEKDAYS, type OpeningRange } from "~/fulfillment/opening-hours";
import { readNotice } from "~/lib/session.server";
import { dateTimeFormat } from "~/lib/intl";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.location.name} settings — Admin` : "Location not found" },
];

async function findLocation(idParam: string | undefined) {
  const id = Number(idParam);
  const location = Number.isSafeInteger(id) && id > 0 ? await getLocationSettings(id) : null;
  if (!location) throw new Response("Location not found", { status: 404 });
  return location;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [location, locations, { notice, headers }] = await Promise.all([findLocation(params.id), listLocations(), readNotice(request)]);
  return data({ location, otherLocations: locations.length > 1, canChange: isOwner(admin), notice }, { headers });
}

// Monday first, as a shop's week reads; weekday numbers stay Sunday = 0.
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

type Intent = z.infer<typeof settingsSchema>["intent"];

// The fields each form shows its errors beside.
const formFields: Record<Intent, string[]> = {
  pickup: ["pickupSlotMinutes", "pickupLeadMinutes", "pickupDaysAhead", "pickupSlotCapacity"],
  hours: WEEKDAYS.map((_, weekday) => `hours${weekday}`),
  "add-closure": ["closedOn", "reason"],
  "remove-closure": [],
  delivery: ["deliveryEnabled", "deliveryWindowMinutes", "deliveryLeadMinutes", "deliveryDaysAhead", "deliveryWindowCapacity"],
  shipping: ["shippingEnabled", "shippingFlatRate", "shippingDaysAhead"],
  tax: ["taxName", "taxRate", "taxInclusive"],
  tips: ["tipsEnabled", "tipPercentages"],
  kitchen: ["autoAccept", "acceptAlertMinutes"],
};

function longDate(isoDate: string): string {
  return dateTimeFormat("en-US", { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, "Only an owner can change location settings.");
  const { id } = await findLocation(params.id);
  const audit = auditContext(admin, context);
  const back = `/admin/locations/${id}`;
  // The settings' updates answer false when the location went away meanwhile.
  const saved = (found: boolean, notice: string) => {
    if (!found) throw new Response("Location not found", { status: 404 });
    return done(back, notice);
  };
  return adminAction(request, settingsSchema, async (input) => {
    switch (input.intent) {
      case "pickup":
        return saved(
          await updatePickupSettings(id, {
            slotMinutes: input.pickupSlotMinutes,
            leadMinutes: input.pickupLeadMinutes,
            daysAhead: input.pickupDaysAhead,
            slotCapacity: input.pickupSlotCapacity,
          }, audit),
          "Pickup settings saved.",
        );
      case "hours": {
        const { intent: _intent, ...days } = input;
        return saved(await replaceOpeningHours(id, Object.values(days as Record<string, OpeningRange[]>).flat(), audit), "Opening hours saved.");
      }
      case "add-closure":
        await addClosure(id, { closedOn: input.closedOn, reason: input.reason }, audit);
        return done(back, `Closed on ${longDate(input.closedOn)}.`);
      case "remove-closure":
        return done(back, (await removeClosure(id, input.closedOn, audit))
          ? `Open again on ${longDate(input.closedOn)}.`
          : `${longDate(input.closedOn)} was not a closed day.`);
      case "delivery":
        return saved(
          await updateDeliverySettings(id, {
            enabled: input.deliveryEnabled,
            windowMinutes: input.deliveryWindowMinutes,
            leadMinutes: input.deliveryLeadMinutes,
            daysAhead: input.deliveryDaysAhead,
            windowCapacity: input.deliveryWindowCapacity,
          }, audit),
          input.deliveryEnabled ? "Delivery settings saved: delivery is on." : "Delivery settings saved: delivery is off.",
        );
      case "shipping":
        return saved(
          await updateShippingSettings(id, { enabled: input.shippingEnabled, flatCents: input.shippingFlatRate, daysAhead: input.shippingDaysAhead }, audit),
          input.shippingEnabled ? `Shipping settings saved: shipping is on at ${formatMoney(input.shippingFlatRate)}.` : "Shipping settings saved: shipping is off.",
        );
      case "tax":
        return saved(
          await updateTaxSettings(id, { name: input.taxName, rateBps: input.taxRate, inclusive: input.taxInclusive === "inclusive" }, audit),
          `Tax saved: ${input.taxName} ${basisPointsToPercentText(input.taxRate)} %, ${input.taxInclusive === "inclusive" ? "included in prices" : "added at checkout"}.`,
        );
      case "tips":
        return saved(await updateTipSettings(id, { enabled: input.tipsEnabled, percentages: input.tipPercentages }, audit), "Tip settings saved.");
      case "kitchen":
        return saved(
          await updateKitchenSettings(id, { autoAccept: input.autoAccept, acceptAlertMinutes: input.acceptAlertMinutes }, audit),
          input.autoAccept ? "Kitchen settings saved: paid orders are accepted automatically." : "Kitchen settings saved: staff accept each paid order on the board.",
        );
    }
  }, { fields: formFields });
}

function SettingsPanel({ intent, title, submit, failure, canChange, busy, children }: {
  intent: Intent;
  title: string;
  submit: string;
  failure: AdminFormFailure | undefined;
  canChange: boolean;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <Form method="post" className="panel" noValidate aria-labelledby={`${intent}-title`}>
      <h2 id={`${intent}-title`}>{title}</h2>
      <FormError message={failureOf(failure, intent)?.formError} />
      <input type="hidden" name="intent" value={intent} />
      <fieldset disabled={!canChange}>
        {children}
        {canChange ? <button type="submit" disabled={busy}>{submit}</button> : null}
      </fieldset>
    </Form>
  );
}

export default function AdminLocation() {
  const { location, otherLocations, canChange, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";

  // What a field shows: what was typed when its form was just refused, else what is saved.
  const failed = (intent: Intent | null) => failureOf(failure, intent);
  const text = (intent: Intent, name: string, saved: string) => failed(intent)?.values[name] ?? saved;
  const ticked = (intent: Intent, name: string, saved: boolean) => (failed(intent) ? failed(intent)?.values[name] === "on" : saved);
  const errorOf = (intent: Intent, name: string) => failed(intent)?.errors[name];

  const panel = { failure, canChange, busy };
  const hoursByDay = (weekday: number) => formatDayHours(location.hours.filter((range) => range.weekday === weekday));
  return (
    <article>
      {otherLocations ? <p><Link to="/admin/locations">← Locations</Link></p> : null}
      <h1>{location.name}</h1>
      <Notice message={notice} />
      <FormError message={failed(null)?.formError} />
      {canChange ? null : <p className="muted">You can see these settings; only an owner can change them.</p>}
      <p className="hint">Times are on the location's clock: {location.timezone}.</p>

      <SettingsPanel {...panel} intent="pickup" title="Pickup" submit="Save pickup settings">
        <div className="settings-grid">
          <TextField label="Slot length (minutes)" name="pickupSlotMinutes" inputMode="numeric" defaultValue={text("pickup", "pickupSlotMinutes", String(location.pickup.slotMinutes))} error={errorOf("pickup", "pickupSlotMinutes")} />
          <TextField label="Pickup lead time (minutes)" name="pickupLeadMinutes" inputMode="numeric" hint="How soon after ordering the first slot is." defaultValue={text("pickup", "pickupLeadMinutes", String(location.pickup.leadMinutes))} error={errorOf("pickup", "pickupLeadMinutes")} />
          <TextField label="Pickup days ahead" name="pickupDaysAhead" inputMode="numeric" hint="0 = today only." defaultValue={text("pickup", "pickupDaysAhead", String(location.pickup.daysAhead))} error={errorOf("pickup", "pickupDaysAhead")} />
          <TextField label="Orders per slot" name="pickupSlotCapacity" inputMode="numeric" defaultValue={text("pickup", "pickupSlotCapacity", String(location.pickup.slotCapacity))} error={errorOf("pickup", "pickupSlotCapacity")} />
        </div>
      </SettingsPanel>

      <SettingsPanel {...panel} intent="hours" title="Opening hours" submit="Save opening hours">
        <p className="hint">24-hour clock, several ranges a day separated by commas, like 08:00-12:00, 13:00-20:00. Leave a day empty when closed.</p>
        <div className="settings-grid">
          {WEEK_ORDER.map((weekday) => (
            <TextField key={weekday} label={WEEKDAYS[weekday]} name={`hours${weekday}`} placeholder="Closed" defaultValue={text("hours", `hours${weekday}`, hoursByDay(weekday))} error={errorOf("hours", `hours${weekday}`)} />
          ))}
        </div>
      </SettingsPanel>

      <section className="panel" aria-labelledby="closures-title">
        <h2 id="closures-title">Closed days</h2>
        <FormError message={failed("remove-closure")?.formError} />
        {location.closures.length === 0 ? <p>No closed days coming up.</p> : (
          <table className="admin-table">
            <thead><tr><th scope="col">Date</th><th scope="col">Reason</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {location.closures.map((closure) => (
                <tr key={closure.closedOn}>
                  <th scope="row">{longDate(closure.closedOn)}</th>
                  <td>{closure.reason || "—"}</td>
                  <td>
                    {canChange ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove-closure" />
                        <input type="hidden" name="closedOn" value={closure.closedOn} />
                        <button type="submit" className="link-button" disabled={busy} aria-label={`Reopen ${longDate(closure.closedOn)}`}>Reopen</button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canChange ? (
          <Form method="post" noValidate aria-label="Add a closed day">
            <FormError message={failed("add-closure")?.formError} />
            <input type="hidden" name="intent" value="add-closure" />
            <div className="settings-grid">
              <TextField label="Closed on" name="closedOn" type="date" min={location.today} defaultValue={text("add-closure", "closedOn", "")} error={errorOf("add-closure", "closedOn")} />
              <TextField label="Reason (optional)" name="reason" maxLength={120} defaultValue={text("add-closure", "reason", "")} error={errorOf("add-closure", "reason")} />
            </div>
            <button type="submit" disabled={busy}>Add closed day</button>
          </Form>
        ) : null}
      </section>

      <SettingsPanel {...panel} intent="delivery" title="Local delivery" submit="Save delivery settings">
        <CheckboxField label="Offer local delivery" name="deliveryEnabled" defaultChecked={ticked("delivery", "deliveryEnabled", location.delivery.enabled)} hint={<>Zones, fees and minimums are set under <Link to="/admin/delivery-zones">Delivery zones</Link>.</>} />
        <div className="settings-grid">
          <TextField label="Delivery window (minutes)" name="deliveryWindowMinutes" inputMode="numeric" defaultValue={text("delivery", "deliveryWindowMinutes", String(location.delivery.windowMinutes))} error={errorOf("delivery", "deliveryWindowMinutes")} />
          <TextField label="Delivery lead time (minutes)" name="deliveryLeadMinutes" inputMode="numeric" defaultValue={text("delivery", "deliveryLeadMinutes", String(location.delivery.leadMinutes))} error={errorOf("delivery", "deliveryLeadMinutes")} />
          <TextField label="Delivery days ahead" name="deliveryDaysAhead" inputMode="numeric" defaultValue={text("delivery", "deliveryDaysAhead", String(location.delivery.daysAhead))} error={errorOf("delivery", "deliveryDaysAhead")} />
          <TextField label="Orders per delivery window" name="deliveryWindowCapacity" inputMode="numeric" defaultValue={text("delivery", "deliveryWindowCapacity", String(location.delivery.windowCapacity))} error={errorOf("delivery", "deliveryWindowCapacity")} />
        </div>
      </SettingsPanel>

      <SettingsPanel {...panel} intent="shipping" title="Shipping" submit="Save shipping settings">
        <CheckboxField label="Offer shipping for shippable items" name="shippingEnabled" defaultChecked={ticked("shipping", "shippingEnabled", location.shipping.enabled)} />
        <div className="settings-grid">
          <TextField label="Flat shipping rate ($)" name="shippingFlatRate" inputMode="decimal" defaultValue={text("shipping", "shippingFlatRate", centsToDollarsText(location.shipping.flatCents))} error={errorOf("shipping", "shippingFlatRate")} />
          <TextField label="Shipping days ahead" name="shippingDaysAhead" inputMode="numeric" hint="How far ahead customers may choose the day their parcel is sent." defaultValue={text("shipping", "shippingDaysAhead", String(location.shipping.daysAhead))} error={errorOf("shipping", "shippingDaysAhead")} />
        </div>
      </SettingsPanel>

      <SettingsPanel {...panel} intent="tax" title="Tax" submit="Save tax">
        <div className="settings-grid">
          <TextField label="Tax name" name="taxName" maxLength={40} defaultValue={text("tax", "taxName", location.tax.name)} error={errorOf("tax", "taxName")} />
          <TextField label="Tax rate (%)" name="taxRate" inputMode="decimal" hint="Like 8.25; 0 for none." defaultValue={text("tax", "taxRate", basisPointsToPercentText(location.tax.rateBps))} error={errorOf("tax", "taxRate")} />
          <SelectField label="Menu prices" name="taxInclusive" defaultValue={text("tax", "taxInclusive", location.tax.inclusive ? "inclusive" : "exclusive")} error={errorOf("tax", "taxInclusive")}>
            <option value="exclusive">Tax is added at checkout</option>
            <option value="inclusive">Prices include tax</option>
          </SelectField>
        </div>
      </SettingsPanel>

      <SettingsPanel {...panel} intent="tips" title="Tips" submit="Save tip settings">
        <CheckboxField label="Ask for a tip at checkout" name="tipsEnabled" hint="No tip is always the default; customers may also enter their own amount." defaultChecked={ticked("tips", "tipsEnabled", location.tips.enabled)} />
        <TextField label="Preset tips (%)" name="tipPercentages" hint="Up to 5 whole percentages, like 10, 15, 20." defaultValue={text("tips", "tipPercentages", location.tips.percentages.join(", "))} error={errorOf("tips", "tipPercentages")} />
      </SettingsPanel>

      <SettingsPanel {...panel} intent="kitchen" title="Kitchen" submit="Save kitchen settings">
        <CheckboxField label="Accept paid orders automatically" name="autoAccept" hint={<>Untick to accept each order on the <Link to="/admin/board">order board</Link>, keeping its time or pushing it back.</>} defaultChecked={ticked("kitchen", "autoAccept", location.kitchen.autoAccept)} />
        <TextField label="Flag an order not accepted after (minutes)" name="acceptAlertMinutes" inputMode="numeric" defaultValue={text("kitchen", "acceptAlertMinutes", String(location.kitchen.acceptAlertMinutes))} error={errorOf("kitchen", "acceptAlertMinutes")} />
      </SettingsPanel>
    </article>
  );
}
