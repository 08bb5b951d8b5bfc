// The headers every answer carries: a Content-Security-Policy with a fresh nonce per request (only
// our own scripts, the nonce-bearing inline ones Remix writes, and Square's Web Payments SDK for the
// configured environment may run), HSTS when the shop is served over HTTPS, and the small ones that
// stop sniffing, framing and leaking URLs to other sites. Admin and order-status pages are never
// stored by a browser or a proxy: they show a customer's details to whoever holds the link.

export type SquareEnvironment = "simulator" | "sandbox" | "production";

export interface SecurityHeaderOptions {
  nonce: string;
  square: SquareEnvironment;
  /** The simulator's own origin (its stand-in SDK, card fields and hosted checkout live there). */
  simulatorUrl: string;
  /** The shop is served over HTTPS (its public URL says so): HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** Where the page sends its errors (SENTRY_BROWSER_DSN), when it does: allowed in connect-src only. */
  errorReportDsn?: string;
}

interface SquareOrigins {
  /** The SDK itself and what it loads. */
  script: string[];
  /** Where the SDK sends card details and asks for verification. */
  connect: string[];
  /** The card fields' iframes and 3-D Secure challenges. */
  frame: string[];
  style: string[];
  font: string[];
  /** Where the hosted checkout (payment link) a form is redirected to lives. */
  checkout: string[];
}

// Square publishes the Web Payments SDK's script, frame and connect origins per environment
// (developer.squareup.com/docs/web-payments/content-security-policy); 3-D Secure challenges run in
// Cardinal Commerce frames. Payment links are square.link URLs that forward to Square's checkout site.
// Google Pay: the SDK loads Google's pay.js from pay.google.com, which draws the button, opens its
// sheet there and calls back to it; the same origin serves Google's test and production sheets.
// Apple Pay needs no origin in the page: Safari's own ApplePaySession shows the sheet, and Square's
// SDK validates the merchant through Square's origins above.
function squareOrigins(environment: SquareEnvironment, simulatorUrl: string): SquareOrigins {
  if (environment === "simulator") {
    const simulator = new URL(simulatorUrl).origin;
    return { script: [simulator], connect: [simulator], frame: [simulator], style: [simulator], font: [], checkout: [simulator] };
  }
  const sandbox = environment === "sandbox";
  const cdn = sandbox ? "https://sandbox.web.squarecdn.com" : "https://web.squarecdn.com";
  const js = sandbox ? "https://js.squareupsandbox.com" : "https://js.squareup.com";
  const pci = sandbox ? "https://pci-connect.squareupsandbox.com" : "https://pci-connect.squareup.com";
  const connect = sandbox ? "https://connect.squareupsandbox.com" : "https://connect.squareup.com";
  const cardinal = "https://*.cardinalcommerce.com";
  const googlePay = "https://pay.google.com";
  return {
    script: [cdn, js, googlePay],
    connect: [pci, connect, cdn, cardinal, googlePay],
    frame: [cdn, connect, cardinal, googlePay],
    style: [cdn],
    font: ["https://square-fonts-production-f.squarecdn.com", "https://d1g145x70srn7h.cloudfront.net"],
    checkout: sandbox ? ["https://sandbox.square.link", connect] : ["https://square.link", "https://checkout.square.site"],
  };
}

const NONCE_SLOT = "\u0000nonce\u0000";

interface Policies {
  /** The Content-Security-Policy, split where the nonce goes. */
  csp: [before: string, after: string];
  permissions: string;
}

// Everything but the nonce is the same for every answer of a process: built once per setting.
const policiesBySetting = new Map<string, Policies>();

function policiesFor(options: SecurityHeaderOptions): Policies {
  const key = `${options.square}\n${options.simulatorUrl}\n${options.https}\n${options.errorReportDsn ?? ""}`;
  let policies = policiesBySetting.get(key);
  if (!policies) {
    const square = squareOrigins(options.square, options.simulatorUrl);
    const directives: [string, ...string[]][] = [
      ["default-src", "'self'"],
      ["script-src", "'self'", `'nonce-${NONCE_SLOT}'`, ...square.script],
      // Inline style attributes (React's style={…}) and the SDK's injected styles.
      ["style-src", "'self'", "'unsafe-inline'", ...square.style],
      // Product photos may be any HTTPS address the menu gives (or the simulator's catalog images).
      ["img-src", "'self'", "data:", "https:", ...(options.square === "simulator" ? [new URL(options.simulatorUrl).origin] : [])],
      ["font-src", "'self'", ...square.font],
      ["connect-src", "'self'", ...square.connect, ...(options.errorReportDsn ? [new URL(options.errorReportDsn).origin] : [])],
      ["frame-src", ...square.frame],
      ["form-action", "'self'", ...square.checkout],
      ["frame-ancestors", "'none'"],
      ["base-uri", "'none'"],
      ["object-src", "'none'"],
    ];
    if (options.https) directives.push(["upgrade-insecure-requests"]);
    const [before, after] = directives.map((parts) => parts.join(" ")).join("; ").split(NONCE_SLOT);
    const payment = ["self", ...square.frame.filter((origin) => !origin.includes("*")).map((origin) => `"${origin}"`)].join(" ");
    policies = {
      csp: [before, after],
      // Checkout needs the Payment Request API (Apple Pay, Google Pay in Square's frames); nothing else.
      permissions: `payment=(${payment}), camera=(), microphone=(), geolocation=(), usb=(), serial=(), bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=(), browsing-topics=()`,
    };
    policiesBySetting.set(key, policies);
  }
  return policies;
}

function withNonce({ csp: [before, after] }: Policies, nonce: string): string {
  return before + nonce + after;
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  return withNonce(policiesFor(options), options.nonce);
}

/** Whether the path shows something private that no cache may keep. */
export function isPrivatePath(path: string): boolean {
  return path === "/admin" || path.startsWith("/admin/") || path.startsWith("/orders/") || path === "/account" || path.startsWith("/account/");
}

export function securityHeaders(path: string, options: SecurityHeaderOptions): Record<string, string> {
  const policies = policiesFor(options);
  const headers: Record<string, string> = {
    "Content-Security-Policy": withNonce(policies, options.nonce),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": policies.permissions,
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
  };
  if (options.https) headers["Strict-Transport-Security"] = "max-age=63072000";
  if (isPrivatePath(path)) headers["Cache-Control"] = "no-store";
  return headers;
}
