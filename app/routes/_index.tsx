// The menu: the shop's banner (name, hero line, address, hours today), a category bar that stays in
// view, each category's products with photo, price and sold-out state, and a cart bar on phones.
// Its meta description, Open Graph tags and schema.org data come from the shop's own settings.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { getMenu } from "~/catalog/catalog.server";
import { dailyLimitWords } from "~/catalog/daily-limit-words";
import { imageUrl, type ShownImage } from "~/catalog/images";
import { shopFacts } from "~/catalog/storefront.server";
import { storefrontMemo } from "~/catalog/storefront-changes.server";
import { jsonLdText, shopJsonLd } from "~/catalog/structured-data";
import { ProductImage } from "~/components/ProductImage";
import { storefrontBranding } from "~/fulfillment/branding.server";
import { WEEKDAYS } from "~/fulfillment/opening-hours";
import { orderingNotices } from "~/kitchen/ordering-words";
import { shopOrderingStatus } from "~/kitchen/pauses.server";
import { env } from "~/lib/env.server";
import { formatMoney } from "~/lib/money";
import { useNonce } from "~/lib/nonce";
import { shopTitle } from "~/lib/titles";
import type { loader as rootLoader } from "~/root";
import { dateTimeFormat } from "~/lib/intl";

/** An image's absolute address for link previews and search engines, or null for none. */
function absoluteImage(origin: string, image: ShownImage | null): string | null {
  if (!image) return null;
  return image.kind === "remote" ? image.url : `${origin}${imageUrl(image.sha256, image.widths.at(-1)!, "jpeg")}`;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const title = shopTitle(matches, "Menu");
  if (!data) return [{ title }];
  const description = data.description;
  return [
    { title },
    { name: "description", content: description },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: data.shopName },
    { property: "og:title", content: data.shopName },
    { property: "og:description", content: description },
    { property: "og:url", content: `${data.origin}/` },
    ...(data.shareImage ? [{ property: "og:image", content: data.shareImage }] : []),
    { name: "twitter:card", content: data.shareImage ? "summary_large_image" : "summary" },
    { tagName: "link", rel: "canonical", href: `${data.origin}/` },
  ];
};

// The same for every visitor: read once while the storefront is unchanged (catalog/storefront-changes.server.ts).
export function loader(_: LoaderFunctionArgs) {
  return storefrontMemo("menu", readMenuPage);
}

async function readMenuPage() {
  const [categories, ordering, branding, facts] = await Promise.all([getMenu(), shopOrderingStatus(), storefrontBranding(), shopFacts()]);
  const origin = env.publicUrl;
  const firstPhoto = categories.flatMap((category) => category.products).find((product) => product.image)?.image ?? null;
  const description = branding.description || branding.heroLine || `Order from ${branding.name} online for pickup.`;
  const jsonLd = shopJsonLd({
    url: origin,
    name: branding.name,
    description,
    logoUrl: branding.logo ? absoluteImage(origin, branding.logo) : null,
    facts,
    categories: categories.map((category) => ({
      name: category.name,
      products: category.products.map((product) => ({ ...product, imageUrl: absoluteImage(origin, product.image) })),
    })),
  });
  return {
    categories,
    notices: orderingNotices(ordering),
    heroLine: branding.heroLine,
    shopName: branding.name,
    description,
    origin,
    shareImage: absoluteImage(origin, firstPhoto) ?? (branding.logo ? absoluteImage(origin, branding.logo) : null),
    facts: facts ? { address: facts.address, phone: facts.phone, timezone: facts.timezone, hours: facts.hours } : null,
    jsonLd: jsonLdText(jsonLd),
  };
}

function HoursToday({ hours, timezone }: { hours: { weekday: number; opensAt: string; closesAt: string }[]; timezone: string }) {
  // The shop's weekday, on its own clock (the server's rendering, so JS on and off agree).
  const weekday = WEEKDAYS.indexOf(dateTimeFormat("en-US", { weekday: "long", timeZone: timezone }).format(new Date()) as (typeof WEEKDAYS)[number]);
  const today = hours.filter((range) => range.weekday === weekday);
  const zone = dateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "short" }).formatToParts(new Date()).find((part) => part.type === "timeZoneName")?.value;
  return (
    <p className="hours-today">
      {today.length ? `Open today ${today.map((range) => `${range.opensAt}–${range.closesAt}`).join(", ")}${zone ? ` (${zone})` : ""}` : "Closed today"}
    </p>
  );
}

export default function Menu() {
  const { categories, notices, heroLine, shopName, facts, jsonLd } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const nonce = useNonce();
  const cartCount = root?.cartCount ?? 0;
  let eagerLeft = 2;
  return (
    <>
      {/* Inline, so it carries the request's nonce; as data (not a script) the browser never runs it. */}
      <script type="application/ld+json" nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <section className="hero" aria-labelledby="shop-name">
        <h1 id="shop-name">{shopName}</h1>
        {heroLine ? <p className="hero-line">{heroLine}</p> : null}
        {facts ? (
          <div className="hero-facts">
            {facts.address ? <p>{facts.address}</p> : null}
            <HoursToday hours={facts.hours} timezone={facts.timezone} />
          </div>
        ) : null}
      </section>
      {notices.map((notice) => <p key={notice} className="alert" role="status">{notice}</p>)}
      {categories.length === 0 ? <p>The menu is empty right now. Please check back soon.</p> : null}
      {categories.length > 1 ? (
        <nav className="category-bar" aria-label="Menu categories">
          <ul>
            {categories.map((category) => (
              <li key={category.id}><a href={`#category-${category.slug}`}>{category.name}</a></li>
            ))}
          </ul>
        </nav>
      ) : null}
      {categories.map((category) => (
        <section key={category.id} aria-labelledby={`category-${category.slug}`} className="category">
          <h2 id={`category-${category.slug}`}>{category.name}</h2>
          {category.description ? <p className="muted">{category.description}</p> : null}
          <ul className="product-grid">
            {category.products.map((product) => {
              const eager = eagerLeft-- > 0;
              return (
                <li key={product.id} className={product.soldOut ? "product-card sold-out-card" : "product-card"}>
                  <ProductImage image={product.image} name={product.name} eager={eager}
                    sizes="(min-width: 60rem) 18rem, (min-width: 40rem) 45vw, 100vw" />
                  <div className="product-card-body">
                    <Link to={`/products/${product.slug}`} className="product-link">
                      <h3>{product.name}</h3>
                    </Link>
                    <p className="product-description">{product.description}</p>
                    {product.allergens.length ? (
                      <ul className="tags" aria-label={`Allergens and diet: ${product.allergens.join(", ")}`}>
                        {product.allergens.map((tag) => <li key={tag} className="tag">{tag}</li>)}
                      </ul>
                    ) : null}
                    <p className="price">
                      {product.minPriceCents === product.maxPriceCents
                        ? formatMoney(product.minPriceCents, product.currency)
                        : `From ${formatMoney(product.minPriceCents, product.currency)}`}
                      {product.soldOut ? <span className="badge badge-sold-out">Sold out</span> : null}
                    </p>
                    {product.limitNotes.map((note) => (
                      <p key={`${note.variantName}-${note.day}`} className="limit-note">{dailyLimitWords(note)}</p>
                    ))}
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {cartCount > 0 ? (
        <p className="cart-bar">
          <Link to="/cart" className="button">View cart · {cartCount} {cartCount === 1 ? "item" : "items"}</Link>
        </p>
      ) : null}
    </>
  );
}
