// The menu at a glance: categories with their products (active or not, in sort order), modifier
// lists, and where the menu is edited (this admin or Square's catalog).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { sourceSchema } from "~/catalog/catalog-source-form.server";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { MENU_OWNERS_ONLY } from "~/catalog/menu-admin-change.server";
import { FormError, Notice } from "~/components/Field";
import { CatalogSourceNote, choiceRule } from "~/components/MenuForms";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { readNotice } from "~/lib/session.server";
import { CATALOG_SOURCES } from "~/catalog/catalog-source";
import { getCatalogSource, setCatalogSource } from "~/catalog/catalog-source.server";
import { getMenuOverview } from "~/catalog/menu-admin-overview.server";
import { formatMoney } from "~/lib/money";

export const meta: MetaFunction = () => [{ title: "Menu — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [overview, source, { notice, headers }] = await Promise.all([getMenuOverview(), getCatalogSource(), readNotice(request)]);
  return data({ ...overview, source, isOwner: isOwner(admin), notice }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, MENU_OWNERS_ONLY);
  return adminAction(request, sourceSchema, async (input) => {
    const changed = await setCatalogSource(input.source, auditContext(admin, context));
    const notice = !changed
      ? "Nothing changed: the menu already came from there."
      : input.source === "square"
        ? "The menu now comes from Square's item library; this editor is read-only except for low-stock thresholds."
        : "The menu is now edited in this admin; changes in Square's item library no longer reach the shop.";
    return done("/admin/menu", notice);
  }, { fields: ["source"] });
}

function priceRange(product: { minPriceCents: number | null; maxPriceCents: number | null; currency: string }) {
  if (product.minPriceCents === null || product.maxPriceCents === null) return "—";
  const low = formatMoney(product.minPriceCents, product.currency);
  return product.minPriceCents === product.maxPriceCents ? low : `${low}–${formatMoney(product.maxPriceCents, product.currency)}`;
}

export default function AdminMenu() {
  const { categories, modifierLists, source, isOwner, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const canEdit = isOwner && source === "local";
  return (
    <>
      <h1>Menu</h1>
      <Notice message={notice} />
      <CatalogSourceNote source={source} />
      {canEdit ? (
        <p className="button-row">
          <Link className="button" to="/admin/menu/products/new">New product</Link>
          <Link className="button secondary" to="/admin/menu/categories/new">New category</Link>
          <Link className="button secondary" to="/admin/menu/modifier-lists/new">New modifier list</Link>
        </p>
      ) : null}

      {categories.length === 0 ? <p>No categories yet: start with a category, then add products to it.</p> : null}
      {categories.map((category) => (
        <section key={category.id} aria-labelledby={`category-${category.id}`}>
          <h2 id={`category-${category.id}`}>
            <Link to={`/admin/menu/categories/${category.id}`}>{category.name}</Link>{" "}
            <span className="muted">(sort order {category.sortOrder})</span>
          </h2>
          {category.products.length === 0 ? <p className="muted">No products in this category.</p> : (
            <div className="table-scroll" tabIndex={0}><table className="admin-table">
              <thead>
                <tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Variations</th><th scope="col">Sort order</th><th scope="col">On the menu</th></tr>
              </thead>
              <tbody>
                {category.products.map((product) => (
                  <tr key={product.id}>
                    <th scope="row"><Link to={`/admin/menu/products/${product.id}`}>{product.name}</Link></th>
                    <td>{priceRange(product)}</td>
                    <td>{product.variantCount}</td>
                    <td>{product.sortOrder}</td>
                    <td>{product.isActive ? "Active" : "Inactive"}</td>
                  </tr>
                ))}
              </tbody>
            </table></div>
          )}
        </section>
      ))}

      <h2>Modifier lists</h2>
      {modifierLists.length === 0 ? <p className="muted">No modifier lists yet.</p> : (
        <div className="table-scroll" tabIndex={0}><table className="admin-table">
          <thead>
            <tr><th scope="col">List</th><th scope="col">Customers choose</th><th scope="col">Modifiers</th><th scope="col">Products</th><th scope="col">Sort order</th><th scope="col">Offered</th></tr>
          </thead>
          <tbody>
            {modifierLists.map((list) => (
              <tr key={list.id}>
                <th scope="row"><Link to={`/admin/menu/modifier-lists/${list.id}`}>{list.name}</Link></th>
                <td>{choiceRule(list.minSelected, list.maxSelected)}</td>
                <td>{list.modifierCount}</td>
                <td>{list.productCount}</td>
                <td>{list.sortOrder}</td>
                <td>{list.isActive ? "Active" : "Inactive"}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}

      <section className="panel" aria-labelledby="catalog-source">
        <h2 id="catalog-source">Where the menu is edited</h2>
        <p role="status">
          {source === "local" ? "Now: in this admin." : "Now: in Square's item library (read-only here)."}
        </p>
        <ul>
          <li><strong>This admin</strong>: products, prices, modifiers and stock are edited on these pages. Changes made in Square's item library do not reach the shop.</li>
          <li><strong>Square</strong>: the catalog sync keeps the menu in step with Square's item library (items, variations, prices, modifiers, stock counts). These pages become read-only, except low-stock thresholds, so edits are not overwritten by the next sync.</li>
        </ul>
        {isOwner ? (
          <Form method="post" noValidate>
            <FormError message={failure?.formError} />
            <input type="hidden" name="intent" value="catalog-source" />
            <fieldset>
              <legend>Edit the menu in</legend>
              {CATALOG_SOURCES.map((option) => (
                <label key={option} className="radio">
                  <input type="radio" name="source" value={option} defaultChecked={option === source} />{" "}
                  {option === "local" ? "This admin" : "Square's item library"}
                </label>
              ))}
              {failure?.errors.source ? <p className="field-error" role="alert">{failure.errors.source}</p> : null}
            </fieldset>
            <button type="submit" disabled={navigation.state !== "idle"}>Change where the menu is edited</button>
          </Form>
        ) : (
          <p className="muted">Only an owner can change this, or the menu.</p>
        )}
      </section>
    </>
  );
}
