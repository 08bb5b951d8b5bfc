// One modifier list: how many a customer chooses, its modifiers with their prices, and the products
// that offer it (attached on each product's page).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { attempt, auditContext, failed, readNotice, redirectWithNotice, refuseUnlessOwner } from "~/lib/admin-forms.server";
import { requireAdmin } from "~/accounts/auth.server";
import { FormError, Notice } from "~/components/Field";
import { CatalogSourceNote, choiceRule, ModifierFields, ModifierListFields } from "~/components/MenuForms";
import { formValues, parseForm } from "~/lib/forms";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { modifierListSchema, modifierSchema } from "~/catalog/menu-admin-forms.server";
import { addModifier, getModifierList, updateModifier, updateModifierList } from "~/catalog/menu-admin-modifier-lists.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.list.name} — Menu — Admin` : "Modifier list not found" }];

const LIST_FIELDS = ["name", "minSelected", "maxSelected", "sortOrder", "isActive"] as const;
const MODIFIER_FIELDS = ["name", "price", "sortOrder", "isActive"] as const;

async function findList(idParam: string | undefined) {
  const id = Number(idParam);
  const list = Number.isSafeInteger(id) && id > 0 ? await getModifierList(id) : null;
  if (!list) throw new Response("Modifier list not found", { status: 404 });
  return list;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [list, source, { notice, headers }] = await Promise.all([findList(params.id), getCatalogSource(), readNotice(request)]);
  return data({ list, source, isOwner: admin.role === "owner", notice }, { headers });
}

const modifierIdSchema = z.object({ modifierId: z.string().regex(/^\d{1,18}$/).transform(Number) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const list = await findList(params.id);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const audit = auditContext(admin, context);
  const back = `/admin/menu/modifier-lists/${list.id}`;

  if (intent === "list") {
    const notOwner = refuseUnlessOwner(admin, "list");
    if (notOwner) return notOwner;
    const form = parseForm(formData, modifierListSchema);
    if (!form.ok) return failed("list", form, 422);
    const outcome = await attempt("list", form.values, LIST_FIELDS, () => updateModifierList(list.id, form.data, audit));
    if (!outcome.ok) return outcome.response;
    return redirectWithNotice(request, back, `Modifier list “${form.data.name}” saved.`);
  }

  if (intent === "modifier") {
    const which = modifierIdSchema.safeParse(formValues(formData));
    const modifier = which.success ? list.modifiers.find((candidate) => candidate.id === which.data.modifierId) : undefined;
    if (!modifier) throw new Response("That modifier is not in this list", { status: 404 });
    const key = `modifier-${modifier.id}`;
    const notOwner = refuseUnlessOwner(admin, key);
    if (notOwner) return notOwner;
    const form = parseForm(formData, modifierSchema);
    if (!form.ok) return failed(key, form, 422);
    const outcome = await attempt(key, form.values, MODIFIER_FIELDS, () => updateModifier(modifier.id, form.data, audit));
    if (!outcome.ok) return outcome.response;
    return redirectWithNotice(request, back, `Modifier “${form.data.name}” saved.`);
  }

  if (intent === "add-modifier") {
    const notOwner = refuseUnlessOwner(admin, "add-modifier");
    if (notOwner) return notOwner;
    const form = parseForm(formData, modifierSchema);
    if (!form.ok) return failed("add-modifier", form, 422);
    const outcome = await attempt("add-modifier", form.values, MODIFIER_FIELDS, () => addModifier(list.id, form.data, audit));
    if (!outcome.ok) return outcome.response;
    return redirectWithNotice(request, back, `Modifier “${form.data.name}” added.`);
  }

  return failed("list", { errors: {}, formError: "That form is not one this page knows; reload the page.", values: {} }, 400);
}

export default function EditModifierList() {
  const { list, source, isOwner, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const canEdit = isOwner && source === "local";
  const failureOf = (form: string) => (failure?.form === form ? failure : undefined);
  const { modifiers, products, ...saved } = list;
  return (
    <>
      <p><Link to="/admin/menu">← Menu</Link></p>
      <h1>{list.name}</h1>
      <Notice message={notice} />
      <CatalogSourceNote source={source} />
      {!isOwner ? <p className="muted">Only an owner can change the menu.</p> : null}
      <p>Customers choose: {choiceRule(list.minSelected, list.maxSelected).toLowerCase()}.</p>

      <Form method="post" className="panel" noValidate aria-label="Modifier list" key={`list-${JSON.stringify(saved)}`}>
        <FormError message={failureOf("list")?.formError} />
        <input type="hidden" name="intent" value="list" />
        <fieldset className="plain" disabled={!canEdit}>
          <ModifierListFields failure={failureOf("list")} saved={saved} />
          {canEdit ? <button type="submit" disabled={busy}>Save list</button> : null}
        </fieldset>
      </Form>

      <h2>Modifiers</h2>
      {modifiers.length === 0 ? <p className="muted">No modifiers in this list yet.</p> : null}
      {modifiers.map((modifier) => {
        const key = `modifier-${modifier.id}`;
        return (
          <Form method="post" className="panel" noValidate aria-label={`Modifier ${modifier.name}`} key={`${key}-${JSON.stringify(modifier)}`}>
            <FormError message={failureOf(key)?.formError} />
            <input type="hidden" name="intent" value="modifier" />
            <input type="hidden" name="modifierId" value={modifier.id} />
            <fieldset className="plain" disabled={!canEdit}>
              <ModifierFields failure={failureOf(key)} saved={modifier} prefix={key} />
              {canEdit ? <button type="submit" disabled={busy}>Save modifier</button> : null}
            </fieldset>
          </Form>
        );
      })}
      {canEdit ? (
        <Form method="post" className="panel" noValidate aria-label="New modifier" key={`add-${modifiers.length}`}>
          <h3>Add a modifier</h3>
          <FormError message={failureOf("add-modifier")?.formError} />
          <input type="hidden" name="intent" value="add-modifier" />
          <ModifierFields failure={failureOf("add-modifier")} prefix="add-modifier" />
          <button type="submit" disabled={busy}>Add modifier</button>
        </Form>
      ) : null}

      <h2>Offered with</h2>
      {products.length === 0 ? (
        <p className="muted">No product offers this list yet: attach it on a product's page.</p>
      ) : (
        <ul>
          {products.map((product) => <li key={product.id}><Link to={`/admin/menu/products/${product.id}`}>{product.name}</Link></li>)}
        </ul>
      )}
    </>
  );
}
