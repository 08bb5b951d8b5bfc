// POST /admin/logout signs out; a GET only shows where to go, so a link cannot sign anyone out.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { recordAudit } from "~/ops/audit.server";
import { getAdmin, signOut } from "~/accounts/auth.server";
import { sql } from "~/lib/db.server";

export async function loader() {
  return redirect("/admin/orders");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await getAdmin(request);
  if (admin) {
    await recordAudit(sql, { admin, requestId: context.requestId, ip: context.clientIp }, { action: "admin.sign_out", subjectType: "admin_user", subjectId: admin.id });
  }
  return signOut(request);
}
