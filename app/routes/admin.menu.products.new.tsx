// A new product with its first variation (more variations, stock and modifier lists are added on
// the product's own page).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { MENU_OWNERS_ONLY } from "~/catalog/menu-admin-change.server";
import { FormError, TextField } from "~/components/Field";
import { CatalogSourceNote, ProductFields } from "~/components/MenuForms";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { listCategories } from "~/catalog/menu-admin-categories.server";
import { newProductSchema } from "~/catalog/menu-admin-forms.server";
import { createProduct } from "~/catalog/menu-admin-products.server";

export const meta: MetaFunction = () => [{ title: "New product — Menu — Admin" }];

const FIELDS = ["name", "slug", "description", "categoryId", "imageUrl", "sortOrder", "isActive", "shippable", "allergens", "variantName", "price"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [categories, source] = await Promise.all([listCategories(), getCatalogSource()]);
  const preselected = Number(new URL(request.url).searchParams.get("category")) || null;
  return { categories, source, isOwner: isOwner(admin), preselected };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, MENU_OWNERS_ONLY);
  return adminAction(request, newProductSchema, async (input) => {
    const id = await createProduct(input, auditContext(admin, context));
    return done(`/admin/menu/products/${id}`, `“${input.product.name}” added to the menu.`);
  }, { fields: FIELDS });
}

export default function NewProduct() {
  const { categories, source, isOwner, preselected } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const canEdit = isOwner && source === "local";
  return (
    <>
      <p><Link to="/admin/menu">← Menu</Link></p>
      <h1>New product</h1>
      <CatalogSourceNote source={source} />
      {!isOwner ? <p className="muted">Only an owner can change the menu.</p> : null}
      {categories.length === 0 ? (
        <p>Products belong to a category: <Link to="/admin/menu/categories/new">add a category</Link> first.</p>
      ) : (
        <Form method="post" className="panel" noValidate aria-label="New product">
          <FormError message={failure?.formError} />
          <fieldset className="plain" disabled={!canEdit}>
            <ProductFields
              failure={failure}
              categories={categories}
              saved={preselected ? { name: "", slug: "", description: "", categoryId: preselected, imageUrl: null, sortOrder: 0, isActive: true, shippable: false, allergens: [] } : undefined}
            />
            <fieldset>
              <legend>First variation</legend>
              <p className="hint">Every product is sold as at least one variation (a size or pack). Add more on the product's page.</p>
              <TextField label="Variation name" name="variantName" maxLength={120} defaultValue={failure?.values.variantName ?? "Regular"} error={failure?.errors.variantName} />
              <TextField label="Price ($)" name="price" inputMode="decimal" defaultValue={failure?.values.price} error={failure?.errors.price} />
            </fieldset>
            {canEdit ? <button type="submit" disabled={navigation.state !== "idle"}>Add product</button> : null}
          </fieldset>
        </Form>
      )}
    </>
  );
}
