// GET /admin/production.csv?day=…&window=…: the production plan as CSV, streamed from a database
// cursor (never the whole day in memory). A bad day or window is a 400 saying which.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/accounts/auth.server";
import { listBoardLocations } from "~/kitchen/board.server";
import { defaultPlanDay, parseDay, parseWindow, windowValue } from "~/kitchen/production";
import { planCsvStream } from "~/kitchen/production.server";

const text = (message: string, status: number) => new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const locations = await listBoardLocations();
  const location = locations.find((each) => String(each.id) === url.searchParams.get("location")) ?? locations[0];
  if (!location) return text("No location is set up yet.", 404);
  const asked = url.searchParams.get("day");
  const day = asked === null || asked === "" ? defaultPlanDay(location.timezone) : parseDay(asked);
  if (day === null) return text(`"${asked}" is not a day: use YYYY-MM-DD, like ${defaultPlanDay(location.timezone)}.`, 400);
  const window = parseWindow(url.searchParams.get("window"));
  if (window === undefined) return text("That is not a pickup slot, delivery window or ship day (pickup@<time>, delivery@<time>, shipping, or none).", 400);
  const name = `production-${day}${window ? `-${windowValue(window).replace(/[^a-z0-9]+/gi, "-")}` : ""}.csv`;
  return new Response(planCsvStream(location.id, day, window), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
