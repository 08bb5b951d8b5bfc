// A shipment's carrier and tracking number: the carriers the forms offer, how the form's two carrier
// fields become one name, and the carrier's own tracking page for a number (shared by the server, the
// emails and the browser bundle, so nothing here may import a .server module).

/** The carriers the forms list, by the name stored on the order; any other is typed under "Other". */
export const CARRIERS = ["USPS", "UPS", "FedEx", "DHL", "Canada Post", "Royal Mail"] as const;
export type KnownCarrier = (typeof CARRIERS)[number];
export const OTHER_CARRIER = "Other";

// Each carrier's public tracking page. The number goes into a query parameter through URLSearchParams,
// or into a path or fragment segment through encodeURIComponent: never pasted in as typed.
const TRACKING_PAGES: Record<KnownCarrier, (number: string) => string> = {
  USPS: (number) => withQuery("https://tools.usps.com/go/TrackConfirmAction", { tLabels: number }),
  UPS: (number) => withQuery("https://www.ups.com/track", { tracknum: number }),
  FedEx: (number) => withQuery("https://www.fedex.com/fedextrack/", { trknbr: number }),
  DHL: (number) => withQuery("https://www.dhl.com/global-en/home/tracking.html", { "tracking-id": number, submit: "1" }),
  "Canada Post": (number) => `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${encodeURIComponent(number)}`,
  "Royal Mail": (number) => `https://www.royalmail.com/track-your-item#/tracking-results/${encodeURIComponent(number)}`,
};

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** The known carrier a stored name means ("ups", " Fedex " too), or null for another one. */
export function knownCarrier(name: string | null | undefined): KnownCarrier | null {
  const wanted = (name ?? "").trim().toLowerCase().replace(/\s+/g, " ");
  return CARRIERS.find((carrier) => carrier.toLowerCase() === wanted) ?? null;
}

/** The carrier's tracking page for this number; null for a carrier Larder does not know or no number. */
export function trackingUrl(carrier: string | null | undefined, trackingNumber: string | null | undefined): string | null {
  const known = knownCarrier(carrier);
  const number = (trackingNumber ?? "").trim();
  return known && number ? TRACKING_PAGES[known](number) : null;
}

/**
 * The carrier's name from the form: the one picked, or for "Other" (or nothing picked) what was typed
 * beside it; null when there is none. "Other" with nothing typed is refused by the caller.
 */
export function carrierFromForm(picked: string | undefined, typed: string | undefined): string | null {
  const other = (typed ?? "").trim();
  if (!picked || picked === OTHER_CARRIER) return other || null;
  return picked;
}

/** The sentence the shipped email and the status page say: "It travels with UPS, tracking number 1Z…." */
export function trackingSentence(carrier: string | null, trackingNumber: string | null): string | null {
  if (carrier && trackingNumber) return `It travels with ${carrier}, tracking number ${trackingNumber}.`;
  if (carrier) return `It travels with ${carrier}.`;
  if (trackingNumber) return `Its tracking number is ${trackingNumber}.`;
  return null;
}

export const TRACKING_FIELDS = ["carrier", "otherCarrier", "trackingNumber"] as const;

/** The form's tracking as the SQL functions take it, or the refusal of "Other" with no name typed. */
export function trackingFromForm(input: { carrier?: string; otherCarrier?: string; trackingNumber?: string }):
  { carrier: string | null; trackingNumber: string | null } | { refused: string; field: "otherCarrier" } {
  if (input.carrier === OTHER_CARRIER && !input.otherCarrier) return { refused: "Type the carrier's name, or pick one from the list.", field: "otherCarrier" };
  return { carrier: carrierFromForm(input.carrier, input.otherCarrier), trackingNumber: input.trackingNumber || null };
}
