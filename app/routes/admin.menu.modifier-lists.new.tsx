// A new modifier list ("Add a salsa", "Choose 6 fillings"); its modifiers are added on its own page.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { MENU_OWNERS_ONLY } from "~/catalog/menu-admin-change.server";
import { FormError } from "~/components/Field";
import { CatalogSourceNote, ModifierListFields } from "~/components/MenuForms";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { modifierListSchema } from "~/catalog/menu-admin-forms.server";
import { createModifierList } from "~/catalog/menu-admin-modifier-lists.server";

export const meta: MetaFunction = () => [{ title: "New modifier list — Menu — Admin" }];

const FIELDS = ["name", "minSelected", "maxSelected", "sortOrder", "isActive"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { source: await getCatalogSource(), isOwner: isOwner(admin) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, MENU_OWNERS_ONLY);
  return adminAction(request, modifierListSchema, async (input) => {
    const id = await createModifierList(input, auditContext(admin, context));
    return done(`/admin/menu/modifier-lists/${id}`, `Modifier list “${input.name}” added; now add its modifiers.`);
  }, { fields: FIELDS });
}

export default function NewModifierList() {
  const { source, isOwner } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const canEdit = isOwner && source === "local";
  return (
    <>
      <p><Link to="/admin/menu">← Menu</Link></p>
      <h1>New modifier list</h1>
      <CatalogSourceNote source={source} />
      {!isOwner ? <p className="muted">Only an owner can change the menu.</p> : null}
      <Form method="post" className="panel" noValidate aria-label="New modifier list">
        <FormError message={failure?.formError} />
        <fieldset className="plain" disabled={!canEdit}>
          <ModifierListFields failure={failure} />
          {canEdit ? <button type="submit" disabled={navigation.state !== "idle"}>Add modifier list</button> : null}
        </fieldset>
      </Form>
    </>
  );
}
