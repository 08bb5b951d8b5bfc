// The simulator's single merchant and location; ids are fixed so app config can name them.
import type { Location } from "./types";

export const MERCHANT_ID = "MSIM0001";
export const LOCATION_ID = "LSIM0001";
export const CURRENCY = "USD";

export function buildLocation(merchantName: string): Location {
  return {
    id: LOCATION_ID,
    name: merchantName,
    business_name: merchantName,
    status: "ACTIVE",
    type: "PHYSICAL",
    currency: CURRENCY,
    country: "US",
    language_code: "en-US",
    timezone: "America/Los_Angeles",
    address: {
      address_line_1: "1455 Market Street",
      locality: "San Francisco",
      administrative_district_level_1: "CA",
      postal_code: "94103",
      country: "US",
    },
    merchant_id: MERCHANT_ID,
    capabilities: ["CREDIT_CARD_PROCESSING"],
    created_at: "2024-01-02T17:00:00Z",
  };
}
