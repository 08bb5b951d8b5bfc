// POST /admin/logout signs out; a GET only shows where to go, so a link cannot sign anyone out.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/auth.server";

export async function loader() {
  return redirect("/admin/orders");
}

export async function action({ request }: ActionFunctionArgs) {
  return signOut(request);
}
