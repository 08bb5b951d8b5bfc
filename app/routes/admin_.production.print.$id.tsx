// A production plan as it was printed (outside the admin's frame): the lines kept when staff pressed
// Print, so the paper and the record agree; the plan page compares later counts with these. Black on
// white, large numbers, no admin around it on paper.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireAdmin } from "~/accounts/auth.server";
import { Notice } from "~/components/Field";
import { planLines, windowLabel, windowValue } from "~/kitchen/production";
import { getPrint } from "~/kitchen/production.server";
import { readNotice } from "~/lib/session.server";
import { formatDay, formatTimestamp } from "~/lib/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Production plan ${data.print.day}` : "Production plan" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = Number(params.id);
  const print = Number.isSafeInteger(id) && id > 0 ? await getPrint(id) : null;
  if (!print) throw new Response("Printed plan not found", { status: 404 });
  const { notice, headers } = await readNotice(request);
  return data({ print, plan: planLines(print.lines, [], null), notice }, { headers });
}

export default function PrintedPlan() {
  const { print, plan, notice } = useLoaderData<typeof loader>();
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  const windowName = print.window ? windowLabel({ fulfillment: print.window.fulfillment, windowStart: print.window.start }, print.timezone) : "Whole day";
  const back = `/admin/production?${new URLSearchParams({ day: print.day, ...(print.window ? { window: windowValue(print.window) } : {}), location: String(print.locationId) })}`;
  return (
    <div className="print print-page">
      <div className="print-controls no-print">
        <Notice message={notice} />
        {scripted ? <button type="button" onClick={() => window.print()}>Print plan</button> : <p>Use your browser's Print to print this plan.</p>}
        <Link to={back}>Back to the plan</Link>
      </div>
      <section className="production-sheet" aria-label="Printed production plan">
        <h1>Production · {formatDay(print.day)} · {windowName}</h1>
        <p>{print.locationName} · printed {formatTimestamp(print.printedAt, print.timezone)} by {print.printedBy}</p>
        {plan.categories.length === 0 ? <p>No orders: nothing to make.</p> : null}
        {plan.categories.map((category) => (
          <section key={category.name} aria-label={category.name}>
            <h2>{category.name}</h2>
            <ul className="sheet-lines">
              {category.lines.map((line) => (
                <li key={line.key}>
                  <strong>{line.units} units</strong> {line.productName} — {line.variantName} (× {line.quantity})
                  {line.pendingQuantity ? <span> · pending × {line.pendingQuantity}</span> : null}
                  {line.modifiers.length ? (
                    <ul>{line.modifiers.map((modifier) => <li key={`${modifier.list}|${modifier.name}`}>of which {modifier.name} {modifier.quantity}</li>)}</ul>
                  ) : null}
                  <span className="sheet-box" aria-hidden="true">☐ made</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
    </div>
  );
}
