// With JavaScript, a checkout submission that cannot reach the shop (offline, a dropped connection)
// keeps the page with every typed value and says so, instead of the error page replacing the form.
// The answer is marked `unreachable`, and shouldRevalidate (root and checkout) then skips reloading
// the page's data: that request would fail the same way and put the error page over the form.
// Pressing Place order again is safe: the form's checkoutKey names the same checkout, which can
// only ever make one order, even if the first request did reach the shop. The same holds for an
// answer that is not the app's (the load shedder's busy page, a proxy's error): Remix cannot read it.
import type { ClientActionFunctionArgs, ShouldRevalidateFunction } from "@remix-run/react";
import { readFormData } from "~/lib/forms";

export const UNREACHABLE_PLACE = "We could not reach the shop, so your order may not have gone through. Check your connection and press Place order again: everything you typed is still here, and it cannot be ordered twice.";
export const UNREACHABLE_QUOTE = "We could not reach the shop to update the total. Check your connection; the total will update when you change a choice again.";
export const BUSY_PLACE = "The shop could not take your order just now (it may be very busy), so it may not have gone through. Press Place order again in a few seconds: everything you typed is still here, and it cannot be ordered twice.";
export const BUSY_QUOTE = "The shop could not update the total just now (it may be very busy); the total will update when you change a choice again.";

/** The same shape as the action's failures, so the page shows it like any other. */
export interface UnreachableFailure {
  errors: Record<string, string>;
  formError: string;
  values: Record<string, string>;
  unreachable: true;
}

export async function keepCheckoutWhenUnreachable({ request, serverAction }: ClientActionFunctionArgs) {
  const formData = await readFormData(request.clone());
  try {
    return await serverAction();
  } catch (error) {
    // fetch() rejects with a TypeError when no answer came. An answer Remix cannot decode did not come
    // from the app's routes: the load shedder's busy page (load-shedding.server.ts), a proxy's error.
    // Anything else (a redirect, the app's own error) is the server's to show.
    const busy = error instanceof Error && error.message.startsWith("Unable to decode turbo-stream response");
    if (!(error instanceof TypeError) && !busy) throw error;
    const values: Record<string, string> = {};
    for (const [name, value] of formData) if (typeof value === "string" && !(name in values)) values[name] = value;
    const quoting = values.intent === "quote";
    const formError = busy ? (quoting ? BUSY_QUOTE : BUSY_PLACE) : quoting ? UNREACHABLE_QUOTE : UNREACHABLE_PLACE;
    const failure: UnreachableFailure = { errors: {}, formError, values, unreachable: true };
    return failure;
  }
}

/** After an answer that never reached the shop, nothing is reloaded from it either. */
export const skipRevalidationWhenUnreachable: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "unreachable" in actionResult ? false : defaultShouldRevalidate;
