// The Web Payments SDK stand-in: serves the browser script and tokenizes test cards into single-use card tokens.
import { z } from "zod";
import { type CardFields, WEB_PAYMENTS_CARDS, checkCard } from "./cards";
import type { SimContext } from "./context";
import { type Reply, type Route, json, text } from "./http";
import { issueCardToken } from "./payment-sources";
import { webPaymentsScript } from "./web-payments-script";

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type",
  "access-control-max-age": "600",
};

/** The Web Payments SDK's field names, which its errors use. */
const WEB_FIELDS: Record<keyof CardFields, string> = {
  card_number: "cardNumber",
  expiration: "expirationDate",
  cvv: "cvv",
  postal_code: "postalCode",
};

const CARD_POLICY = {
  accepted: WEB_PAYMENTS_CARDS,
  notAccepted: "This card is not accepted here. Use one of the simulator's test cards.",
};

/**
 * ChargeCardVerificationDetails as Square documents them for `card.tokenize(verificationDetails)`: the amount as a
 * decimal string, its currency, `intent` CHARGE and the buyer's billing contact. Only a charge verifies the buyer.
 */
const verificationSchema = z.object({
  amount: z.string().regex(/^\d+(\.\d{1,2})?$/),
  currencyCode: z.string().regex(/^[A-Z]{3}$/),
  intent: z.literal("CHARGE"),
  billingContact: z.object({
    givenName: z.string().optional(),
    familyName: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    addressLines: z.array(z.string()).optional(),
    city: z.string().optional(),
    postalCode: z.string().optional(),
    countryCode: z.string().optional(),
  }),
  customerInitiated: z.boolean().optional(),
  sellerKeyedIn: z.boolean().optional(),
});

function readFields(body: string): (CardFields & { verified: boolean; badVerification: boolean }) | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object") return null;
  const details = (parsed as Record<string, unknown>).verification_details;
  const verification = details === undefined ? null : verificationSchema.safeParse(details);
  const field = (name: string) => {
    const value = (parsed as Record<string, unknown>)[name];
    return typeof value === "string" ? value : "";
  };
  return {
    card_number: field("card_number"),
    expiration: field("expiration_date"),
    cvv: field("cvv"),
    postal_code: field("postal_code"),
    verified: verification?.success === true,
    badVerification: verification !== null && !verification.success,
  };
}

function tokenize(sim: SimContext, body: string): Reply {
  const fields = readFields(body);
  if (!fields) {
    return json(400, { status: "Error", errors: [{ type: "INVALID_REQUEST", message: "Send a JSON object." }] }, CORS);
  }
  if (fields.badVerification) {
    const message = "verificationDetails must have amount, currencyCode, intent CHARGE and billingContact.";
    return json(400, { status: "Error", errors: [{ type: "INVALID_REQUEST", message }] }, CORS);
  }
  const check = checkCard(fields, CARD_POLICY, new Date());
  if ("errors" in check) {
    const errors = Object.entries(check.errors).map(([name, message]) => ({
      type: "VALIDATION_ERROR",
      field: WEB_FIELDS[name as keyof CardFields],
      message,
    }));
    return json(400, { status: "Invalid", errors }, CORS);
  }
  const { card } = check;
  return json(
    200,
    {
      status: "OK",
      token: issueCardToken(sim, card, fields.verified),
      details: {
        method: "Card",
        card: { brand: "VISA", last4: card.number.slice(-4), expMonth: card.expMonth, expYear: card.expYear },
        billing: { postalCode: fields.postal_code.trim() },
      },
    },
    CORS
  );
}

export function webPaymentsRoutes(sim: SimContext): Route[] {
  return [
    {
      method: "GET",
      path: "/web-payments-sdk.js",
      handler: () =>
        text(200, webPaymentsScript(sim.baseUrl), "application/javascript; charset=utf-8", {
          "cache-control": "no-store",
          "access-control-allow-origin": "*",
        }),
    },
    {
      method: "OPTIONS",
      path: "/v2/sim-web-payments/tokenize",
      public: true,
      handler: () => text(204, "", "text/plain", CORS),
    },
    {
      method: "POST",
      path: "/v2/sim-web-payments/tokenize",
      public: true,
      operation: "web_payments.tokenize",
      handler: ({ body }) => tokenize(sim, body),
    },
  ];
}
