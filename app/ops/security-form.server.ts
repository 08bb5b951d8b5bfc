// The security page's form (every rate limit's attempts and minutes, every hold): its zod schema,
// kept on the server.
import { z } from "zod";
import { wholeNumberField } from "~/lib/admin-forms";
import { holdField, limitField } from "~/ops/security-fields";
import { HOLD_NAMES, LIMIT_NAMES, type HoldName } from "~/ops/security-settings.server";

const HOLD_RANGES: Record<HoldName, { max: number; unit: string }> = {
  unpaid_orders: { max: 1000, unit: "orders" },
  card_minutes: { max: 1440, unit: "minutes" },
  payment_link_minutes: { max: 1440, unit: "minutes" },
};

export const securitySchema = z.object(Object.fromEntries([
  ...LIMIT_NAMES.flatMap((name) => [
    [limitField(name, "limit"), wholeNumberField({ min: 1, max: 999_999, unit: "attempts" })],
    [limitField(name, "minutes"), wholeNumberField({ min: 1, max: 1440, unit: "minutes" })],
  ]),
  ...HOLD_NAMES.map((name) => [holdField(name), wholeNumberField({ min: 1, max: HOLD_RANGES[name].max, unit: HOLD_RANGES[name].unit })]),
]) as Record<string, ReturnType<typeof wholeNumberField>>);

export const securityFields = [...LIMIT_NAMES.flatMap((name) => [limitField(name, "limit"), limitField(name, "minutes")]), ...HOLD_NAMES.map(holdField)];
