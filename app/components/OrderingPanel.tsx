// The board's "Online ordering" panel: what is paused or busy now, and the forms that pause, resume
// and slow down online orders (owners alone may pause until further notice).
import { Form, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/Field";
import type { OrderingPauses } from "~/kitchen/ordering-words";
import type { AdminFormFailure } from "~/lib/admin-action.server";
import { formatTimeOfDay } from "~/lib/time";

type PausableKind = "pickup" | "delivery";

export function OrderingPanel({ status, canPauseLonger, day, locationId, failure }: {
  status: OrderingPauses; canPauseLonger: boolean; day: string; locationId?: number; failure?: AdminFormFailure;
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const until = (value: string | null) => (value === "infinity" ? "until resumed" : value ? `until ${formatTimeOfDay(value, status.timezone)}` : "");
  const hidden = (
    <>
      <input type="hidden" name="date" value={day} />
      {locationId ? <input type="hidden" name="location" value={locationId} /> : null}
    </>
  );
  const paused: { kind: PausableKind; label: string; until: string | null }[] = [
    { kind: "pickup" as const, label: "Pickup", until: status.pickupPausedUntil },
    ...(status.deliveryEnabled ? [{ kind: "delivery" as const, label: "Delivery", until: status.deliveryPausedUntil }] : []),
  ];
  return (
    <section className="panel board-ordering" aria-labelledby="ordering-title">
      <h2 id="ordering-title">Online ordering</h2>
      <p>
        {paused.map((each) => (
          <span key={each.kind} className={each.until ? "board-paused" : undefined}>
            {each.label}: <strong>{each.until ? `paused ${until(each.until)}` : "open"}</strong>.{" "}
          </span>
        ))}
        {status.busyUntil ? <strong className="board-paused">Busy: +{status.busyExtraMinutes} min {until(status.busyUntil)}.</strong> : null}
      </p>
      <FormError message={failure?.formError} />
      {paused.filter((each) => each.until).map((each) => (
        <Form method="post" key={each.kind} className="board-step">
          {hidden}
          <input type="hidden" name="intent" value="resume" />
          <input type="hidden" name="kinds" value={each.kind} />
          <button type="submit" disabled={busy}>Resume {each.label.toLowerCase()}</button>
        </Form>
      ))}
      {status.busyUntil ? (
        <Form method="post" className="board-step">
          {hidden}
          <input type="hidden" name="intent" value="busy" />
          <input type="hidden" name="extraMinutes" value="0" />
          <button type="submit" disabled={busy}>End busy mode</button>
        </Form>
      ) : null}
      {/* Folded away until needed (natively, with or without JavaScript): the board is for orders. */}
      <details open={Boolean(failure)}>
        <summary>Pause or slow down online orders</summary>
      <div className="board-ordering-forms">
        <Form method="post" className="inline-form">
          {hidden}
          <input type="hidden" name="intent" value="pause" />
          <label>
            Pause{" "}
            <select name="kinds" defaultValue="pickup">
              <option value="pickup">pickup</option>
              {status.deliveryEnabled ? <option value="delivery">delivery</option> : null}
              {status.deliveryEnabled ? <option value="both">pickup and delivery</option> : null}
            </select>
          </label>
          <label>
            for{" "}
            <select name="minutes" defaultValue="15">
              <option value="15">15 minutes</option>
              <option value="30">30 minutes</option>
              <option value="60">1 hour</option>
              {canPauseLonger ? <option value="until_resumed">until I resume it</option> : null}
            </select>
          </label>
          <button type="submit" className="secondary" disabled={busy}>Pause ordering</button>
        </Form>
        <Form method="post" className="inline-form">
          {hidden}
          <input type="hidden" name="intent" value="busy" />
          <label>
            Busy: add{" "}
            <select name="extraMinutes" defaultValue="20">
              <option value="10">10 minutes</option>
              <option value="20">20 minutes</option>
              <option value="30">30 minutes</option>
            </select>
          </label>
          <label>
            for{" "}
            <select name="minutes" defaultValue="60">
              <option value="30">30 minutes</option>
              <option value="60">1 hour</option>
              <option value="120">2 hours</option>
            </select>
          </label>
          <button type="submit" className="secondary" disabled={busy}>Set busy</button>
        </Form>
      </div>
      </details>
    </section>
  );
}
