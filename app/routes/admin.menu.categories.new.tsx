// A new menu category.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { attempt, auditContext, failed, redirectWithNotice, refuseUnlessOwner } from "~/lib/admin-forms.server";
import { requireAdmin } from "~/accounts/auth.server";
import { FormError } from "~/components/Field";
import { CatalogSourceNote, CategoryFields } from "~/components/MenuForms";
import { parseForm } from "~/lib/forms";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { createCategory } from "~/catalog/menu-admin-categories.server";
import { categorySchema } from "~/catalog/menu-admin-forms.server";

export const meta: MetaFunction = () => [{ title: "New category — Menu — Admin" }];

const FIELDS = ["name", "slug", "description", "sortOrder"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { source: await getCatalogSource(), isOwner: admin.role === "owner" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const notOwner = refuseUnlessOwner(admin, "category");
  if (notOwner) return notOwner;
  const form = parseForm(await request.formData(), categorySchema);
  if (!form.ok) return failed("category", form, 422);
  const outcome = await attempt("category", form.values, FIELDS, () => createCategory(form.data, auditContext(admin, context)));
  if (!outcome.ok) return outcome.response;
  return redirectWithNotice(request, `/admin/menu/categories/${outcome.value}`, `Category “${form.data.name}” added.`);
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
