// The Apple Pay and Google Pay stand-ins' server side: whether the simulated buyer's browser can pay with a wallet
// (Square's SDK rejects applePay()/googlePay() where it cannot), and the wallet's card as a single-use token.
import { z } from "zod";
import { TEST_CARDS } from "./cards";
import type { SimContext } from "./context";
import { type Reply, type Route, json, text } from "./http";
import { CURRENCY } from "./location";
import { issueCardToken } from "./payment-sources";
import type { DigitalWallet } from "./types";

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type",
  "access-control-max-age": "600",
};

const WALLET_NAMES: Record<DigitalWallet, string> = { APPLE_PAY: "Apple Pay", GOOGLE_PAY: "Google Pay" };

/** The location's country and currency: Square's wallets take payment requests in the seller's own. */
const COUNTRY = "US";
const CURRENCY_DECIMALS = 2;

// The payment sheet shows display amounts in the major unit with the currency's decimals ("5.79"), as Square documents.
const amountSchema = z.string().regex(new RegExp(`^-?\\d+\\.\\d{${CURRENCY_DECIMALS}}$`), {
  message: `an amount for display in ${CURRENCY}, with ${CURRENCY_DECIMALS} decimals ("5.79")`,
});
const lineItemSchema = z.object({ amount: amountSchema, label: z.string().min(1), pending: z.boolean().optional() });

/** Square's PaymentRequestOptions, as `payments.paymentRequest(options)` takes them. */
const paymentRequestSchema = z.object({
  countryCode: z.literal(COUNTRY, { message: `the location's country, ${COUNTRY}` }),
  currencyCode: z.literal(CURRENCY, { message: `the location's currency, ${CURRENCY}` }),
  total: lineItemSchema.refine((total) => !total.amount.startsWith("-") && Number(total.amount) > 0, {
    message: "a positive total",
    path: ["amount"],
  }),
  lineItems: z.array(lineItemSchema).optional(),
  requestBillingContact: z.boolean().optional(),
  requestShippingContact: z.boolean().optional(),
});

const walletRequestSchema = z.object({
  application_id: z.string().min(1),
  location_id: z.string().min(1),
  wallet: z.enum(["APPLE_PAY", "GOOGLE_PAY"]),
  payment_request: paymentRequestSchema,
});

type WalletRequest = z.infer<typeof walletRequestSchema>;

function read(body: string): { request: WalletRequest } | { refused: Reply } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { refused: json(400, { status: "Error", errors: [{ type: "INVALID_REQUEST", message: "Send a JSON object." }] }, CORS) };
  }
  const request = walletRequestSchema.safeParse(parsed);
  if (request.success) return { request: request.data };
  // Fields of the payment request are named as the page wrote them (PaymentRequestOptions), without the envelope.
  const errors = request.error.issues.map((issue) => {
    const field = (issue.path[0] === "payment_request" ? issue.path.slice(1) : issue.path).join(".");
    return { type: "INVALID_REQUEST", field, message: `${field}: ${issue.message}` };
  });
  return { refused: json(400, { status: "Error", errors }, CORS) };
}

function unavailable(sim: SimContext, wallet: DigitalWallet): Reply | null {
  if (sim.settings.wallets.includes(wallet)) return null;
  const message = `${WALLET_NAMES[wallet]} is not available in this browser.`;
  return json(400, { status: "Error", errors: [{ type: "PaymentMethodUnsupportedError", message }] }, CORS);
}

/** `applePay(request)` / `googlePay(request)`: OK where the buyer's browser offers the wallet and the request is valid. */
function session(sim: SimContext, body: string): Reply {
  const parsed = read(body);
  if ("refused" in parsed) return parsed.refused;
  const { request } = parsed;
  return unavailable(sim, request.wallet) ?? json(200, { status: "OK", wallet: request.wallet }, CORS);
}

/** The buyer approved the sheet: the wallet's card (an approved test card) as a single-use token. */
function tokenize(sim: SimContext, body: string): Reply {
  const parsed = read(body);
  if ("refused" in parsed) return parsed.refused;
  const { request } = parsed;
  const refused = unavailable(sim, request.wallet);
  if (refused) return refused;
  const number = TEST_CARDS.approved.replace(/\s/g, "");
  const card = { number, expMonth: 12, expYear: new Date().getUTCFullYear() + 3 };
  return json(
    200,
    {
      status: "OK",
      token: issueCardToken(sim, card, false, request.wallet),
      details: {
        method: WALLET_NAMES[request.wallet],
        card: { brand: "VISA", last4: number.slice(-4), expMonth: card.expMonth, expYear: card.expYear },
      },
    },
    CORS
  );
}

export function walletRoutes(sim: SimContext): Route[] {
  const preflight = (path: string): Route => ({ method: "OPTIONS", path, public: true, handler: () => text(204, "", "text/plain", CORS) });
  return [
    preflight("/v2/sim-web-payments/wallets/session"),
    preflight("/v2/sim-web-payments/wallets/tokenize"),
    {
      method: "POST",
      path: "/v2/sim-web-payments/wallets/session",
      public: true,
      operation: "web_payments.wallet_session",
      handler: ({ body }) => session(sim, body),
    },
    {
      method: "POST",
      path: "/v2/sim-web-payments/wallets/tokenize",
      public: true,
      operation: "web_payments.wallet_tokenize",
      handler: ({ body }) => tokenize(sim, body),
    },
  ];
}
