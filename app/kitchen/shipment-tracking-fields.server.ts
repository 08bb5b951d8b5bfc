// The tracking inputs' zod fields, kept on the server (shipment-tracking.ts is in the browser bundle).
import { z } from "zod";

/**
 * The tracking inputs of the Shipped form (board) and the tracking form (order page). They only
 * bound the lengths; what a tracking number may hold is private.shipment_tracking's rule, in SQL.
 */
export const trackingFields = {
  carrier: z.string().trim().max(40, "Pick a carrier from the list.").optional(),
  otherCarrier: z.string().trim().max(40, "Name the carrier in at most 40 characters.").optional(),
  trackingNumber: z.string().trim().max(60, "That tracking number is too long: at most 40 letters and digits.").optional(),
};
