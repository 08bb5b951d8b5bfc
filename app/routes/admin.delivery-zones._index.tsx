// Local delivery zones: fee, minimum order and postal codes served, per location.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isOwner, requireAdmin } from "~/accounts/auth.server";
import { Notice } from "~/components/Field";
import { listDeliveryZones } from "~/fulfillment/delivery-zones.server";
import { listLocations } from "~/fulfillment/locations.server";
import { formatMoney } from "~/lib/money";
import { readNotice } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Delivery zones — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const locationParam = Number(new URL(request.url).searchParams.get("location"));
  const locations = await listLocations();
  const location = locations.find((candidate) => candidate.id === locationParam) ?? null;
  const [zones, { notice, headers }] = await Promise.all([listDeliveryZones(location?.id), readNotice(request)]);
  return data({ zones, locations, location, canChange: isOwner(admin), notice }, { headers });
}

export default function AdminDeliveryZones() {
  const { zones, locations, location, canChange, notice } = useLoaderData<typeof loader>();
  const manyLocations = locations.length > 1;
  return (
    <>
      <h1>Delivery zones{location && manyLocations ? ` — ${location.name}` : ""}</h1>
      <Notice message={notice} />
      <p className="hint">
        Customers whose postal code is in an active zone can order delivery, if delivery is on in the location's settings.
        {locations.map((each) => (
          <span key={each.id}> <Link to={`/admin/locations/${each.id}`}>{manyLocations ? `${each.name} settings` : "Location settings"}</Link></span>
        ))}
      </p>
      {manyLocations ? (
        <p className="row-actions">
          Show: <Link to="/admin/delivery-zones">All locations</Link>
          {locations.map((each) => <Link key={each.id} to={`/admin/delivery-zones?location=${each.id}`}>{each.name}</Link>)}
        </p>
      ) : null}
      {canChange ? (
        <p><Link className="button" to={`/admin/delivery-zones/new${location ? `?location=${location.id}` : ""}`}>New delivery zone</Link></p>
      ) : null}
      {zones.length === 0 ? (
        <p>No delivery zones yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}><table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Zone</th>
              {manyLocations ? <th scope="col">Location</th> : null}
              <th scope="col">Fee</th>
              <th scope="col">Minimum order</th>
              <th scope="col">Postal codes</th>
              <th scope="col">Active</th>
            </tr>
          </thead>
          <tbody>
            {zones.map((zone) => (
              <tr key={zone.id}>
                <th scope="row"><Link to={`/admin/delivery-zones/${zone.id}`}>{zone.name}</Link></th>
                {manyLocations ? <td>{zone.locationName}</td> : null}
                <td>{formatMoney(zone.feeCents, zone.currency)}</td>
                <td>{formatMoney(zone.minimumCents, zone.currency)}</td>
                <td>{zone.postalCodes.join(", ")}</td>
                <td>{zone.isActive ? "Yes" : "No"}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </>
  );
}
