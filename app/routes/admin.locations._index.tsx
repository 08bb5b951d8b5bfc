// The shop's locations, each leading to its fulfillment and pricing settings. A shop with one
// location goes straight to its settings.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/auth.server";
import { listLocations } from "~/fulfillment/locations.server";

export const meta: MetaFunction = () => [{ title: "Locations — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const locations = await listLocations();
  if (locations.length === 1) throw redirect(`/admin/locations/${locations[0].id}`);
  return { locations };
}

export default function AdminLocations() {
  const { locations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Locations</h1>
      {locations.length === 0 ? (
        <p>No locations yet.</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr><th scope="col">Location</th><th scope="col">Time zone</th><th scope="col">Open for orders</th><th scope="col">Delivery zones</th></tr>
          </thead>
          <tbody>
            {locations.map((location) => (
              <tr key={location.id}>
                <th scope="row"><Link to={`/admin/locations/${location.id}`}>{location.name}</Link></th>
                <td>{location.timezone}</td>
                <td>{location.isActive ? "Yes" : "No"}</td>
                <td><Link to={`/admin/delivery-zones?location=${location.id}`}>Zones</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
