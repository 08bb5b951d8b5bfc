import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getMenu } from "~/catalog/catalog.server";
import { dailyLimitWords } from "~/catalog/daily-limit-words";
import { orderingNotices } from "~/kitchen/ordering-words";
import { shopOrderingStatus } from "~/kitchen/pauses.server";
import { formatMoney } from "~/lib/money";

export const meta: MetaFunction = () => [{ title: "Menu" }, { name: "description", content: "Order empanadas for pickup." }];

export async function loader() {
  const [categories, ordering] = await Promise.all([getMenu(), shopOrderingStatus()]);
  return { categories, notices: orderingNotices(ordering) };
}

export default function Menu() {
  const { categories, notices } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Menu</h1>
      {notices.map((notice) => <p key={notice} className="alert" role="status">{notice}</p>)}
      {categories.length === 0 ? <p>The menu is empty right now. Please check back soon.</p> : null}
      {categories.map((category) => (
        <section key={category.id} aria-labelledby={`category-${category.slug}`} className="category">
          <h2 id={`category-${category.slug}`}>{category.name}</h2>
          {category.description ? <p className="muted">{category.description}</p> : null}
          <ul className="product-grid">
            {category.products.map((product) => (
              <li key={product.id} className="product-card">
                <Link to={`/products/${product.slug}`}>
                  <h3>{product.name}</h3>
                </Link>
                <p>{product.description}</p>
                {product.allergens.length ? <p className="allergens-note">Allergens and diet: {product.allergens.join(", ")}</p> : null}
                <p className="price">
                  {product.minPriceCents === product.maxPriceCents
                    ? formatMoney(product.minPriceCents, product.currency)
                    : `From ${formatMoney(product.minPriceCents, product.currency)}`}
                  {product.soldOut ? <span className="badge">Sold out</span> : null}
                </p>
                {product.limitNotes.map((note) => (
                  <p key={`${note.variantName}-${note.day}`} className="limit-note">{dailyLimitWords(note)}</p>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
