// Whether a storefront request is a person's for the funnel (ADR 017): crawlers and other bots that
// `isbot` knows by their user agent open carts and checkouts too, and are not counted. Nothing of
// the request is kept either way.
import { isbot } from "isbot";

export function countsInFunnel(request: Request): boolean {
  return !isbot(request.headers.get("user-agent"));
}
