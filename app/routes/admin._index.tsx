import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isOwner, requireAdmin } from "~/accounts/auth.server";

// Owners land on the sales dashboard, staff on the orders.
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return redirect(isOwner(admin) ? "/admin/dashboard" : "/admin/orders");
}
