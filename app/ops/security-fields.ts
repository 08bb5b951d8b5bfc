// The security page's form field names, one per rate limit part and per hold: shared by the page
// (browser bundle) and its schema (security-form.server.ts).
import type { HoldName, LimitName } from "~/ops/security-settings.server";

export const limitField = (name: LimitName, part: "limit" | "minutes") => `limits_${name}_${part}`;
export const holdField = (name: HoldName) => `holds_${name}`;
