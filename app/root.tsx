import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type React from "react";
import type { ReactNode } from "react";
import { cartItemCount } from "~/ordering/cart.server";
import { signedInCustomerId } from "~/accounts/customer-session.server";
import { getSession } from "~/lib/session.server";
import { logger } from "~/lib/logger.server";
import { env } from "~/lib/env.server";
import { DEFAULT_BRANDING, storefrontBranding } from "~/fulfillment/branding.server";
import { imageUrl } from "~/catalog/images";
import { useNonce } from "~/lib/nonce";
import { NavigationProgress } from "~/components/NavigationProgress";
import { skipRevalidationWhenUnreachable } from "~/ordering/checkout-unreachable";

// Imported, so the build serves it under a content hash (/build/_assets/styles-HASH.css) that
// browsers may keep for a year; the plain pages Express answers itself still use /styles.css.
import stylesHref from "../public/styles.css";

/** A form answer the browser made because the shop could not be reached reloads nothing (it would fail too). */
export const shouldRevalidate = skipRevalidationWhenUnreachable;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

/** Where the page reports its errors (app/lib/browser-error-tracking.client.ts): off without SENTRY_BROWSER_DSN. */
function browserErrorTracking() {
  return env.SENTRY_BROWSER_DSN ? { dsn: env.SENTRY_BROWSER_DSN, environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV } : null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const errorTracking = browserErrorTracking();
  try {
    const session = await getSession(request, context);
    const [cartCount, branding, customerId] = await Promise.all([cartItemCount(session), storefrontBranding(), signedInCustomerId(request)]);
    return { cartCount, shopName: branding.name, branding, requestId: context.requestId, signedIn: customerId !== null, errorTracking };
  } catch (error) {
    // The frame must render even when the database does not answer, so an error page can still
    // show the request's reference; the failure itself is logged and reported by the page's route.
    logger.error({ err: error, requestId: context.requestId }, "root loader failed");
    return { cartCount: 0, shopName: "Larder", branding: DEFAULT_BRANDING, requestId: context.requestId, signedIn: false, errorTracking };
  }
}

function Document({ children, title }: { children: ReactNode; title?: string }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const shopName = data?.shopName ?? "Larder";
  const branding = data?.branding ?? DEFAULT_BRANDING;
  const logo = branding.logo;
  const nonce = useNonce();
  const inAdmin = useMatches().some((match) => /^routes\/admin(?:$|[._])/.test(match.id));
  return (
    // The shop's colours (validated hex, set_shop_branding) as the custom properties styles.css uses.
    <html lang="en" style={{ "--accent": branding.brandColor, "--paper": branding.backgroundColor } as React.CSSProperties}
      // Read by entry.client.tsx: with a DSN the page loads Sentry's browser SDK, tagged with this request's id.
      data-sentry-dsn={data?.errorTracking?.dsn} data-sentry-environment={data?.errorTracking?.environment}
      data-request-id={data?.errorTracking ? data.requestId : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{`${title} — ${shopName}`}</title> : null}
        <meta name="theme-color" content={branding.brandColor} />
        <Meta />
        <Links />
      </head>
      <body>
        <NavigationProgress />
        <a href="#main" className="skip-link">Skip to content</a>
        {inAdmin ? (
          // The admin has its own frame: no storefront menu or cart, a way back to the shop.
          <header className="site-header">
            <Link to="/admin/board" className="brand">{shopName} · Admin</Link>
            <nav aria-label="Main">
              <Link to="/">View the shop</Link>
            </nav>
          </header>
        ) : (
          <header className="site-header">
            <Link to="/" className="brand">
              {logo ? (
                <img src={imageUrl(logo.sha256, logo.widths[0], "webp")} alt="" height={40} width={Math.round((40 * logo.width) / logo.height)} className="logo" />
              ) : null}
              {shopName}
            </Link>
            <nav aria-label="Main">
              <Link to="/">Menu</Link>
              {data?.signedIn ? <Link to="/account">Account</Link> : <Link to="/account/sign-in">Sign in</Link>}
              <Link to="/cart">Cart ({data?.cartCount ?? 0})</Link>
            </nav>
          </header>
        )}
        <main id="main" tabIndex={-1}>{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

// What the error page says for each kind of failure. Only our own failures show a reference to quote.
function describeError(error: unknown) {
  const menu = { to: "/", label: "Back to the menu" };
  if (isRouteErrorResponse(error) && error.status === 404) {
    return { heading: "Page not found", message: "We couldn't find that page. It may have been moved, or the item is no longer on the menu.", reference: false, back: menu };
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    // requireOwner's refusal says what the signed-in admin may not do.
    const message = typeof error.data === "string" && error.data ? error.data : "Your account may not do this.";
    return { heading: "Not allowed", message, reference: false, back: { to: "/admin", label: "Back to the admin" } };
  }
  return {
    heading: "Something went wrong",
    message: "We're sorry: this page failed to load. Your cart and orders are safe. Please try again in a moment.",
    reference: true,
    back: menu,
  };
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const { heading, message, reference, back } = describeError(error);
  return (
    <Document title={heading}>
      <section className="panel">
        <h1>{heading}</h1>
        <p>{message}</p>
        {reference && data?.requestId ? <p className="muted">Reference: {data.requestId}</p> : null}
        <p><Link to={back.to}>{back.label}</Link></p>
      </section>
    </Document>
  );
}
