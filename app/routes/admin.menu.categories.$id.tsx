// One menu category: its name, slug, description and place on the menu, and the products in it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { MENU_OWNERS_ONLY } from "~/catalog/menu-admin-change.server";
import { FormError, Notice } from "~/components/Field";
import { CatalogSourceNote, CategoryFields } from "~/components/MenuForms";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { readNotice } from "~/lib/session.server";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { getCategory, updateCategory } from "~/catalog/menu-admin-categories.server";
import { categorySchema } from "~/catalog/menu-admin-forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.category.name} — Menu — Admin` : "Category not found" }];

const FIELDS = ["name", "slug", "description", "sortOrder"] as const;

async function findCategory(idParam: string | undefined) {
  const id = Number(idParam);
  const category = Number.isSafeInteger(id) && id > 0 ? await getCategory(id) : null;
  if (!category) throw new Response("Category not found", { status: 404 });
  return category;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [category, source, { notice, headers }] = await Promise.all([findCategory(params.id), getCatalogSource(), readNotice(request)]);
  return data({ category, source, isOwner: isOwner(admin), notice }, { headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, MENU_OWNERS_ONLY);
  const category = await findCategory(params.id);
  return adminAction(request, categorySchema, async (input) => {
    await updateCategory(category.id, input, auditContext(admin, context));
    return done(`/admin/menu/categories/${category.id}`, `Category “${input.name}” saved.`);
  }, { fields: FIELDS });
}

export default function EditCategory() {
  const { category, source, isOwner, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const canEdit = isOwner && source === "local";
  return (
    <>
      <p><Link to="/admin/menu">← Menu</Link></p>
      <h1>{category.name}</h1>
      <Notice message={notice} />
      <CatalogSourceNote source={source} />
      {!isOwner ? <p className="muted">Only an owner can change the menu.</p> : null}
      <Form method="post" className="panel" noValidate aria-label="Category" key={JSON.stringify(category)}>
        <FormError message={failure?.formError} />
        <fieldset className="plain" disabled={!canEdit}>
          <CategoryFields failure={failure} saved={category} />
          {canEdit ? <button type="submit" disabled={navigation.state !== "idle"}>Save category</button> : null}
        </fieldset>
      </Form>
      <h2>Products in this category</h2>
      {category.products.length === 0 ? <p className="muted">None yet.</p> : (
        <ul>
          {category.products.map((product) => (
            <li key={product.id}>
              <Link to={`/admin/menu/products/${product.id}`}>{product.name}</Link>
              {product.isActive ? null : <span className="badge">inactive</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
