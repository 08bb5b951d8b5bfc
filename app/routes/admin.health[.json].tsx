// GET /admin/health.json: the health report for monitors, with `Authorization: Bearer $HEALTH_TOKEN`
// (or an admin's session). 200 when ok, 503 when degraded.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { timingSafeEqual } from "node:crypto";
import { getAdmin } from "~/accounts/auth.server";
import { env } from "~/lib/env.server";
import { getHealthReport } from "~/ops/health.server";

function hasHealthToken(request: Request): boolean {
  const expected = env.HEALTH_TOKEN;
  const header = request.headers.get("authorization") ?? "";
  if (!expected || !header.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length));
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export async function loader({ request }: LoaderFunctionArgs) {
  if (!hasHealthToken(request) && !(await getAdmin(request))) {
    return Response.json({ error: "A bearer token or an admin session is required." }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  const report = await getHealthReport();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
