// POST /checkout/start: the cart's "Go to checkout". Counts the checkout started for this cart (the
// funnel's second step, once per cart, not for bots) and redirects to the checkout page, whose GET
// then only reads. A visit straight to /checkout is counted by its first POST instead.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { countsInFunnel } from "~/insights/funnel-visitor.server";
import { getCart, startCheckout } from "~/ordering/cart.server";
import { getSession } from "~/lib/session.server";

export async function loader() {
  return redirect("/checkout");
}

export async function action({ request }: ActionFunctionArgs) {
  const cart = await getCart(await getSession(request));
  if (!cart.id || cart.lines.length === 0) return redirect("/cart", 303);
  if (countsInFunnel(request)) await startCheckout(cart.id);
  return redirect("/checkout", 303);
}
