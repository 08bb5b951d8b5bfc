// The admin's frame: navigation and who is signed in. Every admin route guards itself too, since
// Remix runs child loaders alongside this one.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { isOwner, requireAdmin } from "~/accounts/auth.server";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { admin, owner: isOwner(admin) };
}

export default function AdminLayout() {
  const { admin, owner } = useLoaderData<typeof loader>();
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
        <span className="admin-nav-wide"><MoreLinks email={admin.email} owner={owner} /></span>
        <details className="admin-nav-narrow">
          <summary>More</summary>
          <MoreLinks email={admin.email} owner={owner} />
        </details>
      </nav>
      <Outlet />
    </div>
  );
}

function MoreLinks({ email, owner }: { email: string; owner: boolean }) {
  return (
    <>
      {owner ? <NavLink to="/admin/dashboard">Dashboard</NavLink> : null}
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
      {owner ? <NavLink to="/admin/security">Security</NavLink> : null}
      {owner ? <NavLink to="/admin/branding">Branding</NavLink> : null}
      <NavLink to="/admin/audit">Audit log</NavLink>
      {owner ? <NavLink to="/admin/privacy">Privacy</NavLink> : null}
      {owner ? <NavLink to="/admin/staff">Staff</NavLink> : null}
      <NavLink to="/admin/account">Your account</NavLink>
      <span className="muted">Signed in as {email}</span>
      <Form method="post" action="/admin/logout">
        <button type="submit" className="link-button">Sign out</button>
      </Form>
    </>
  );
}
