// GET /.well-known/apple-developer-merchantid-domain-association: the file Square's dashboard gives a
// seller for Apple Pay. Registering the shop's domain (Square's RegisterDomain, or the dashboard) makes
// Apple fetch it from here over HTTPS. Served from APPLE_PAY_DOMAIN_ASSOCIATION_FILE; 404 when unset.
import { readFile } from "node:fs/promises";
import { env } from "~/lib/env.server";

export async function loader() {
  const file = env.square.applePayDomainAssociationFile;
  const body = file ? await readFile(file).catch(() => null) : null;
  if (!body) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
