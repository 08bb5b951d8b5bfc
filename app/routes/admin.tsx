// The admin's frame: navigation and who is signed in. Every admin route guards itself too, since
// Remix runs child loaders alongside this one.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/auth.server";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { admin };
}

export default function AdminLayout() {
  const { admin } = useLoaderData<typeof loader>();
  return (
    <div className="admin">
      {/* The kitchen's pages stay in view; on a phone the rest fold under "More" (a native
          disclosure, so it works without JavaScript), on a wider screen they sit in the row. */}
      <nav aria-label="Admin" className="admin-nav">
        <NavLink to="/admin/board">Board</NavLink>
        <NavLink to="/admin/production">Production</NavLink>
        <NavLink to="/admin/packing">Packing</NavLink>
        <NavLink to="/admin/orders">Orders</NavLink>
        <NavLink to="/admin/orders/new">New order</NavLink>
        <span className="admin-nav-wide"><MoreLinks email={admin.email} /></span>
        <details className="admin-nav-narrow">
          <summary>More</summary>
          <MoreLinks email={admin.email} />
        </details>
      </nav>
      <Outlet />
    </div>
  );
}

function MoreLinks({ email }: { email: string }) {
  return (
    <>
      <NavLink to="/admin/menu">Menu</NavLink>
      <NavLink to="/admin/catalog-sync">Catalog sync</NavLink>
      <NavLink to="/admin/locations">Location</NavLink>
      <NavLink to="/admin/delivery-zones">Delivery zones</NavLink>
      <NavLink to="/admin/promo-codes">Promo codes</NavLink>
      <NavLink to="/admin/outbox">Outbox</NavLink>
      <NavLink to="/admin/webhooks">Webhooks</NavLink>
      <NavLink to="/admin/jobs">Jobs</NavLink>
      <NavLink to="/admin/health">Health</NavLink>
      <NavLink to="/admin/incidents">Incidents</NavLink>
      <NavLink to="/admin/maintenance">Maintenance</NavLink>
      <NavLink to="/admin/audit">Audit log</NavLink>
      <span className="muted">Signed in as {email}</span>
      <Form method="post" action="/admin/logout">
        <button type="submit" className="link-button">Sign out</button>
      </Form>
    </>
  );
}
