// schema.org JSON-LD for the menu page: the business (name, address, phone, opening hours) with
// its menu, each product an item with its offer. Search engines read it; nothing else does.
import { WEEKDAYS, type OpeningRange } from "~/fulfillment/opening-hours";

interface JsonLdInput {
  url: string;
  name: string;
  description: string;
  logoUrl: string | null;
  facts: { address: string; phone: string; hours: OpeningRange[] } | null;
  categories: { name: string; products: { name: string; slug: string; description: string; minPriceCents: number; currency: string; soldOut: boolean; imageUrl: string | null }[] }[];
}

export function shopJsonLd(input: JsonLdInput): Record<string, unknown> {
  const { facts } = input;
  return {
    "@context": "https://schema.org",
    "@type": "FoodEstablishment",
    "@id": `${input.url}/#shop`,
    name: input.name,
    url: `${input.url}/`,
    ...(input.description ? { description: input.description } : {}),
    ...(input.logoUrl ? { logo: input.logoUrl, image: input.logoUrl } : {}),
    ...(facts?.address ? { address: { "@type": "PostalAddress", streetAddress: facts.address } } : {}),
    ...(facts?.phone ? { telephone: facts.phone } : {}),
    ...(facts?.hours.length
      ? {
          openingHoursSpecification: facts.hours.map((range) => ({
            "@type": "OpeningHoursSpecification",
            dayOfWeek: `https://schema.org/${WEEKDAYS[range.weekday]}`,
            opens: range.opensAt,
            closes: range.closesAt,
          })),
        }
      : {}),
    hasMenu: {
      "@type": "Menu",
      hasMenuSection: input.categories.map((category) => ({
        "@type": "MenuSection",
        name: category.name,
        hasMenuItem: category.products.map((product) => ({
          "@type": "MenuItem",
          name: product.name,
          url: `${input.url}/products/${product.slug}`,
          ...(product.description ? { description: product.description } : {}),
          ...(product.imageUrl ? { image: product.imageUrl } : {}),
          offers: {
            "@type": "Offer",
            price: (product.minPriceCents / 100).toFixed(2),
            priceCurrency: product.currency,
            availability: product.soldOut ? "https://schema.org/SoldOut" : "https://schema.org/InStock",
          },
        })),
      })),
    },
  };
}

/** JSON for a <script type="application/ld+json">: `<` escaped so no text can close the element. */
export function jsonLdText(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
