// A new menu category.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { MENU_OWNERS_ONLY } from "~/catalog/menu-admin-change.server";
import { FormError } from "~/components/Field";
import { CatalogSourceNote, CategoryFields } from "~/components/MenuForms";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { createCategory } from "~/catalog/menu-admin-categories.server";
import { categorySchema } from "~/catalog/menu-admin-forms.server";

export const meta: MetaFunction = () => [{ title: "New category — Menu — Admin" }];

const FIELDS = ["name", "slug", "description", "sortOrder"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { source: await getCatalogSource(), isOwner: isOwner(admin) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, MENU_OWNERS_ONLY);
  return adminAction(request, categorySchema, async (input) => {
    const id = await createCategory(input, auditContext(admin, context));
    return done(`/admin/menu/categories/${id}`, `Category “${input.name}” added.`);
  }, { fields: FIELDS });
}

export default function NewCategory() {
  const { source, isOwner } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const canEdit = isOwner && source === "local";
  return (
    <>
      <p><Link to="/admin/menu">← Menu</Link></p>
      <h1>New category</h1>
      <CatalogSourceNote source={source} />
      {!isOwner ? <p className="muted">Only an owner can change the menu.</p> : null}
      <Form method="post" className="panel" noValidate aria-label="New category">
        <FormError message={failure?.formError} />
        <fieldset className="plain" disabled={!canEdit}>
          <CategoryFields failure={failure} />
          {canEdit ? <button type="submit" disabled={navigation.state !== "idle"}>Add category</button> : null}
        </fieldset>
      </Form>
    </>
  );
}
