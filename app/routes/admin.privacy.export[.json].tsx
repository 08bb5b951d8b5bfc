// The privacy export as a download (owners): a POST, since it is audit-logged, answered with the JSON
// as an attachment that no cache keeps.
import type { ActionFunctionArgs } from "@remix-run/node";
import { exportSchema } from "~/privacy/privacy-forms.server";
import { requireOwner } from "~/accounts/auth.server";
import { auditContext } from "~/lib/admin-action.server";
import { parseForm, readFormData } from "~/lib/forms";
import { isShopError } from "~/lib/shop-error";
import { exportCustomer } from "~/privacy/privacy.server";

// Only the form on a customer's page asks for it; a GET (a typed address, a link) is told so.
export async function loader() {
  return new Response("Download a customer's data from their page in Privacy.", { status: 405, headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, "Only an owner can download a customer's data.");
  const form = parseForm(await readFormData(request), exportSchema);
  if (!form.ok) return new Response(Object.values(form.errors).join(" "), { status: 422, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const email = form.data.email || null;
  try {
    const exported = await exportCustomer({ email, phone: email ? null : form.data.phone || null }, auditContext(admin, context));
    const day = new Date().toISOString().slice(0, 10);
    return new Response(JSON.stringify(exported, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="customer-data-${day}.json"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    const refused = isShopError(error);
    if (!refused) throw error;
    return new Response(refused.message, { status: refused.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
