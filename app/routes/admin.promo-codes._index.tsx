// Promo codes with their discount, window, limits, uses and redemptions.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isOwner, requireAdmin } from "~/accounts/auth.server";
import { Notice } from "~/components/Field";
import { listPromoCodes, promoTimeZone } from "~/ordering/promo-codes.server";
import { readNotice } from "~/lib/session.server";
import { describeDiscount, formatLocalDateTime } from "~/ordering/promo-code-text";
import { formatMoney } from "~/lib/money";

export const meta: MetaFunction = () => [{ title: "Promo codes — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [codes, timezone, { notice, headers }] = await Promise.all([listPromoCodes(), promoTimeZone(), readNotice(request)]);
  return data({ codes, timezone, canChange: isOwner(admin), notice }, { headers });
}

export default function AdminPromoCodes() {
  const { codes, timezone, canChange, notice } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Promo codes</h1>
      <Notice message={notice} />
      <p className="hint">One code per order. Times are on the shop's clock: {timezone}.</p>
      {canChange ? <p><Link className="button" to="/admin/promo-codes/new">New promo code</Link></p> : null}
      {codes.length === 0 ? (
        <p>No promo codes yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}><table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Discount</th>
              <th scope="col">Minimum subtotal</th>
              <th scope="col">Valid</th>
              <th scope="col">Uses</th>
              <th scope="col">Per customer</th>
              <th scope="col">Redemptions</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {codes.map((code) => (
              <tr key={code.id}>
                <th scope="row"><Link to={`/admin/promo-codes/${code.id}`}>{code.code}</Link>{code.description ? <div className="muted">{code.description}</div> : null}</th>
                <td>{describeDiscount(code)}</td>
                <td>{code.minimumSubtotalCents > 0 ? formatMoney(code.minimumSubtotalCents, code.currency) : "None"}</td>
                <td>
                  {code.startsAt ? `From ${formatLocalDateTime(code.startsAt)}` : "From now"}
                  <br />
                  {code.endsAt ? `until ${formatLocalDateTime(code.endsAt)}` : "no end"}
                </td>
                <td>{code.uses} of {code.maxUses ?? "no limit"}</td>
                <td>{code.maxUsesPerCustomer ?? "No limit"}</td>
                <td>{code.redemptions}</td>
                <td><span className="state">{code.status}</span></td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </>
  );
}
