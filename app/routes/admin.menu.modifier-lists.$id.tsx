// One modifier list: how many a customer chooses, its modifiers with their prices, and the products
// that offer it (attached on each product's page).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { MENU_OWNERS_ONLY } from "~/catalog/menu-admin-change.server";
import { FormError, Notice } from "~/components/Field";
import { CatalogSourceNote, choiceRule, ModifierFields, ModifierListFields } from "~/components/MenuForms";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { failureOf } from "~/lib/forms";
import { readNotice } from "~/lib/session.server";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { checkChoiceBounds, modifierFields, modifierInput, modifierListFields } from "~/catalog/menu-admin-forms.server";
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
  return data({ list, source, isOwner: isOwner(admin), notice }, { headers });
}

// Each form of the page, by its intent; a modifier's own form names it with `modifierId`. Made in
// the action, since the menu's forms are a server module the browser's bundle leaves out.
function modifierListPageSchema() {
  return z
    .discriminatedUnion("intent", [
      modifierListFields.extend({ intent: z.literal("list") }),
      modifierFields.extend({ intent: z.literal("modifier"), modifierId: z.string() }),
      modifierFields.extend({ intent: z.literal("add-modifier") }),
    ])
    .superRefine((input, context) => {
      if (input.intent === "list") checkChoiceBounds(input, context);
    });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, MENU_OWNERS_ONLY);
  const list = await findList(params.id);
  const audit = auditContext(admin, context);
  const back = `/admin/menu/modifier-lists/${list.id}`;
  return adminAction(request, modifierListPageSchema(), async (input) => {
    switch (input.intent) {
      case "list":
        await updateModifierList(list.id, input, audit);
        return done(back, `Modifier list “${input.name}” saved.`);
      case "modifier": {
        const modifier = list.modifiers.find((candidate) => String(candidate.id) === input.modifierId);
        if (!modifier) throw new Response("That modifier is not in this list", { status: 404 });
        await updateModifier(modifier.id, modifierInput(input), audit);
        return done(back, `Modifier “${input.name}” saved.`);
      }
      case "add-modifier":
        await addModifier(list.id, modifierInput(input), audit);
        return done(back, `Modifier “${input.name}” added.`);
    }
  }, {
    form: (values) => (values.modifierId ? `modifier-${values.modifierId}` : values.intent),
    fields: { list: LIST_FIELDS, modifier: MODIFIER_FIELDS, "add-modifier": MODIFIER_FIELDS },
  });
}

export default function EditModifierList() {
  const { list, source, isOwner, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const canEdit = isOwner && source === "local";
  const { modifiers, products, ...saved } = list;
  return (
    <>
      <p><Link to="/admin/menu">← Menu</Link></p>
      <h1>{list.name}</h1>
      <Notice message={notice} />
      <FormError message={failureOf(failure, null)?.formError} />
      <CatalogSourceNote source={source} />
      {!isOwner ? <p className="muted">Only an owner can change the menu.</p> : null}
      <p>Customers choose: {choiceRule(list.minSelected, list.maxSelected).toLowerCase()}.</p>

      <Form method="post" className="panel" noValidate aria-label="Modifier list" key={`list-${JSON.stringify(saved)}`}>
        <FormError message={failureOf(failure, "list")?.formError} />
        <input type="hidden" name="intent" value="list" />
        <fieldset className="plain" disabled={!canEdit}>
          <ModifierListFields failure={failureOf(failure, "list")} saved={saved} />
          {canEdit ? <button type="submit" disabled={busy}>Save list</button> : null}
        </fieldset>
      </Form>

      <h2>Modifiers</h2>
      {modifiers.length === 0 ? <p className="muted">No modifiers in this list yet.</p> : null}
      {modifiers.map((modifier) => {
        const key = `modifier-${modifier.id}`;
        return (
          <Form method="post" className="panel" noValidate aria-label={`Modifier ${modifier.name}`} key={`${key}-${JSON.stringify(modifier)}`}>
            <FormError message={failureOf(failure, key)?.formError} />
            <input type="hidden" name="intent" value="modifier" />
            <input type="hidden" name="modifierId" value={modifier.id} />
            <fieldset className="plain" disabled={!canEdit}>
              <ModifierFields failure={failureOf(failure, key)} saved={modifier} prefix={key} />
              {canEdit ? <button type="submit" disabled={busy}>Save modifier</button> : null}
            </fieldset>
          </Form>
        );
      })}
      {canEdit ? (
        <Form method="post" className="panel" noValidate aria-label="New modifier" key={`add-${modifiers.length}`}>
          <h3>Add a modifier</h3>
          <FormError message={failureOf(failure, "add-modifier")?.formError} />
          <input type="hidden" name="intent" value="add-modifier" />
          <ModifierFields failure={failureOf(failure, "add-modifier")} prefix="add-modifier" />
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
