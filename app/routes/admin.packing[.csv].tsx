// The packing list or delivery sheet of a day as CSV (/admin/packing.csv?date=…&kind=…): one line per
// item, streamed from the database as it is read.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/accounts/auth.server";
import { listBoardLocations } from "~/kitchen/board.server";
import { packingView } from "~/kitchen/packing";
import { packingCsv } from "~/kitchen/packing.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [location] = await listBoardLocations();
  if (!location) throw new Response("No location is set up yet.", { status: 404 });
  const { day, kind } = packingView(new URL(request.url), location.timezone);
  return new Response(packingCsv(location, day, kind), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="larder-${kind === "delivery" ? "delivery-sheet" : "packing"}-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
