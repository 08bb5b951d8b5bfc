// Cross-site request forgery: a request that can change something (any method but GET, HEAD and
// OPTIONS) is served only when the browser says it comes from the shop's own pages. Browsers send
// Origin on every such request today; Sec-Fetch-Site and then Referer stand in where an older or
// privacy-minded browser leaves Origin out. A request with none of the three is refused: no browser
// of ours sends one like that, and a script that does needs no forged cookie to talk to us.
// Square's webhooks come from Square's servers with their own signature, so /webhooks/* is exempt.

export type SameOriginVerdict = { ok: true } | { ok: false; reason: string };

export interface SameOriginHeaders {
  origin?: string | null;
  secFetchSite?: string | null;
  referer?: string | null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function checkSameOrigin(method: string, path: string, headers: SameOriginHeaders, allowedOrigins: readonly string[]): SameOriginVerdict {
  if (SAFE_METHODS.has(method.toUpperCase()) || path.startsWith("/webhooks/")) return { ok: true };
  const allowed = (origin: string | null) => origin !== null && allowedOrigins.includes(origin);
  if (headers.origin) {
    return allowed(headers.origin === "null" ? null : originOf(headers.origin)) ? { ok: true } : { ok: false, reason: `Origin ${headers.origin.slice(0, 200)} is not the shop's` };
  }
  if (headers.secFetchSite) {
    return headers.secFetchSite === "same-origin" ? { ok: true } : { ok: false, reason: `Sec-Fetch-Site is ${headers.secFetchSite.slice(0, 50)}` };
  }
  if (headers.referer) {
    return allowed(originOf(headers.referer)) ? { ok: true } : { ok: false, reason: "Referer is not one of the shop's pages" };
  }
  return { ok: false, reason: "no Origin, Sec-Fetch-Site or Referer header" };
}
