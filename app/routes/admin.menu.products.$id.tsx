// One product in the menu editor: its details, each variation (price, stock per location, low-stock
// threshold, sold out), a form to add a variation, and the modifier lists it offers. Every form posts
// here with an `intent`; a refused one comes back with its errors and values, the others untouched.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { attempt, auditContext, failed, readNotice, redirectWithNotice, refuseUnlessOwner } from "~/lib/admin-forms.server";
import { requireAdmin } from "~/accounts/auth.server";
import { FormError, Notice } from "~/components/Field";
import { CatalogSourceNote, ProductFields, VariantFields } from "~/components/MenuForms";
import { formValues, parseForm } from "~/lib/forms";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { listCategories } from "~/catalog/menu-admin-categories.server";
import { productModifierListsSchema, productSchema, thresholdSchema, variantSchema } from "~/catalog/menu-admin-forms.server";
import { getProductForEdit, setProductModifierLists, updateProduct } from "~/catalog/menu-admin-products.server";
import { listLocations, setLowStockThreshold } from "~/catalog/menu-admin-stock.server";
import { addVariant, removeVariant, updateVariant } from "~/catalog/menu-admin-variations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.product.name} — Menu — Admin` : "Product not found" }];

const PRODUCT_FIELDS = ["name", "slug", "description", "categoryId", "imageUrl", "sortOrder", "isActive", "shippable"] as const;
const VARIANT_FIELDS = ["name", "price", "sortOrder", "soldOut", "lowStockThreshold"] as const;

async function findProduct(idParam: string | undefined) {
  const id = Number(idParam);
  const found = Number.isSafeInteger(id) && id > 0 ? await getProductForEdit(id) : null;
  if (!found) throw new Response("Product not found", { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [found, categories, locations, source, { notice, headers }] = await Promise.all([
    findProduct(params.id),
    listCategories(),
    listLocations(),
    getCatalogSource(),
    readNotice(request),
  ]);
  return data({ ...found, categories, locations, source, isOwner: admin.role === "owner", notice }, { headers });
}

const variantIdSchema = z.object({ variantId: z.string().regex(/^\d{1,18}$/).transform(Number) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const { product, variants, modifierLists } = await findProduct(params.id);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const audit = auditContext(admin, context);
  const back = `/admin/menu/products/${product.id}`;

  if (intent === "product") {
    const notOwner = refuseUnlessOwner(admin, "product");
    if (notOwner) return notOwner;
    const form = parseForm(formData, productSchema);
    if (!form.ok) return failed("product", form, 422);
    const outcome = await attempt("product", form.values, PRODUCT_FIELDS, () => updateProduct(product.id, form.data, audit));
    if (!outcome.ok) return outcome.response;
    return redirectWithNotice(request, back, `“${form.data.name}” saved.`);
  }

  if (intent === "variant" || intent === "threshold" || intent === "remove-variant") {
    const which = variantIdSchema.safeParse(formValues(formData));
    const variant = which.success ? variants.find((candidate) => candidate.id === which.data.variantId) : undefined;
    if (!variant) throw new Response("That variation is not on this product", { status: 404 });
    const key = `variant-${variant.id}`;
    const notOwner = refuseUnlessOwner(admin, key);
    if (notOwner) return notOwner;
    const locations = await listLocations();
    const stockFields = locations.map((location) => `stock-${location.id}`);
    if (intent === "remove-variant") {
      const outcome = await attempt(key, formValues(formData), [], () => removeVariant(variant.id, audit));
      if (!outcome.ok) return outcome.response;
      return redirectWithNotice(request, back, `Variation “${variant.name}” removed.`);
    }
    if (intent === "threshold") {
      const form = parseForm(formData, thresholdSchema);
      if (!form.ok) return failed(key, form, 422);
      const outcome = await attempt(key, form.values, ["lowStockThreshold"], () => setLowStockThreshold(variant.id, form.data.lowStockThreshold, audit));
      if (!outcome.ok) return outcome.response;
      return redirectWithNotice(request, back, `Low-stock threshold of “${variant.name}” saved.`);
    }
    const form = parseForm(formData, variantSchema(locations.map((location) => location.id)));
    if (!form.ok) return failed(key, form, 422);
    const outcome = await attempt(key, form.values, [...VARIANT_FIELDS, ...stockFields], () => updateVariant(variant.id, form.data, audit));
    if (!outcome.ok) return outcome.response;
    return redirectWithNotice(request, back, `Variation “${form.data.name}” saved.`);
  }

  if (intent === "add-variant") {
    const notOwner = refuseUnlessOwner(admin, "add-variant");
    if (notOwner) return notOwner;
    const locations = await listLocations();
    const form = parseForm(formData, variantSchema(locations.map((location) => location.id)));
    if (!form.ok) return failed("add-variant", form, 422);
    const stockFields = locations.map((location) => `stock-${location.id}`);
    const outcome = await attempt("add-variant", form.values, [...VARIANT_FIELDS, ...stockFields], () => addVariant(product.id, form.data, audit));
    if (!outcome.ok) return outcome.response;
    return redirectWithNotice(request, back, `Variation “${form.data.name}” added.`);
  }

  if (intent === "modifier-lists") {
    const notOwner = refuseUnlessOwner(admin, "modifier-lists");
    if (notOwner) return notOwner;
    const form = parseForm(formData, productModifierListsSchema(modifierLists.map((list) => list.id)));
    if (!form.ok) return failed("modifier-lists", form, 422);
    const outcome = await attempt("modifier-lists", form.values, [], () => setProductModifierLists(product.id, form.data, audit));
    if (!outcome.ok) return outcome.response;
    return redirectWithNotice(request, back, "Modifier lists saved.");
  }

  return failed("product", { errors: {}, formError: "That form is not one this page knows; reload the page.", values: {} }, 400);
}

export default function EditProduct() {
  const { product, variants, modifierLists, categories, locations, source, isOwner, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const canEdit = isOwner && source === "local";
  const failureOf = (form: string) => (failure?.form === form ? failure : undefined);
  const productFailure = failureOf("product");
  const addFailure = failureOf("add-variant");
  const listsFailure = failureOf("modifier-lists");
  return (
    <>
      <p><Link to="/admin/menu">← Menu</Link></p>
      <h1>{product.name}</h1>
      <Notice message={notice} />
      <CatalogSourceNote source={source} />
      {!isOwner ? <p className="muted">Only an owner can change the menu.</p> : null}
      <p>
        {product.isActive ? <Link to={`/products/${product.slug}`}>See it on the shop</Link> : <span className="badge">inactive: not on the menu</span>}
      </p>

      <Form method="post" className="panel" noValidate aria-label="Product details" key={`product-${JSON.stringify(product)}`}>
        <h2>Details</h2>
        <FormError message={productFailure?.formError} />
        <input type="hidden" name="intent" value="product" />
        <fieldset className="plain" disabled={!canEdit}>
          <ProductFields failure={productFailure} saved={product} categories={categories} />
          {canEdit ? <button type="submit" disabled={busy}>Save details</button> : null}
        </fieldset>
      </Form>

      <h2>Variations</h2>
      {variants.map((variant) => {
        const key = `variant-${variant.id}`;
        const variantFailure = failureOf(key);
        return (
          <Form method="post" className="panel" noValidate aria-label={`Variation ${variant.name}`} key={`${key}-${JSON.stringify(variant)}`}>
            <h3>{variant.name}</h3>
            <FormError message={variantFailure?.formError} />
            <input type="hidden" name="variantId" value={variant.id} />
            <fieldset className="plain" disabled={!isOwner}>
              <VariantFields failure={variantFailure} saved={variant} locations={locations} prefix={key} lockedExceptThreshold={source === "square"} />
              {isOwner ? (
                <div className="button-row">
                  <button type="submit" name="intent" value={canEdit ? "variant" : "threshold"} disabled={busy}>
                    {canEdit ? "Save variation" : "Save low-stock threshold"}
                  </button>
                  {canEdit && variants.length > 1 ? (
                    <button type="submit" name="intent" value="remove-variant" className="secondary" disabled={busy}>Remove variation</button>
                  ) : null}
                </div>
              ) : null}
            </fieldset>
          </Form>
        );
      })}

      {canEdit ? (
        <Form method="post" className="panel" noValidate aria-label="New variation" key={`add-${variants.length}`}>
          <h3>Add a variation</h3>
          <FormError message={addFailure?.formError} />
          <input type="hidden" name="intent" value="add-variant" />
          <VariantFields failure={addFailure} locations={locations} prefix="add-variant" />
          <button type="submit" disabled={busy}>Add variation</button>
        </Form>
      ) : null}

      <h2>Modifier lists</h2>
      {modifierLists.length === 0 ? (
        <p className="muted">
          No modifier lists yet. {canEdit ? <Link to="/admin/menu/modifier-lists/new">Make one</Link> : null}
        </p>
      ) : (
        <Form method="post" className="panel" noValidate aria-label="Modifier lists" key={`lists-${JSON.stringify(modifierLists)}`}>
          <p className="hint">Tick the lists customers choose from when they order this product; lower sort orders are asked first.</p>
          <FormError message={listsFailure?.formError} />
          <input type="hidden" name="intent" value="modifier-lists" />
          <fieldset className="plain" disabled={!canEdit}>
            <table className="admin-table">
              <thead><tr><th scope="col">Offered</th><th scope="col">Sort order</th><th scope="col">List</th></tr></thead>
              <tbody>
                {modifierLists.map((list) => {
                  const attachedName = `list-${list.id}`;
                  const sortName = `listSort-${list.id}`;
                  const attached = listsFailure ? listsFailure.values[attachedName] === "on" : list.attached;
                  const sortError = listsFailure?.errors[sortName];
                  return (
                    <tr key={list.id}>
                      <td>
                        <input type="checkbox" id={attachedName} name={attachedName} value="on" defaultChecked={attached} />{" "}
                        <label htmlFor={attachedName}>Offer {list.name}</label>
                        {list.isActive ? null : <span className="badge">inactive</span>}
                      </td>
                      <td>
                        <label htmlFor={sortName} className="visually-hidden">Sort order of {list.name}</label>
                        <input id={sortName} name={sortName} inputMode="numeric" size={4}
                          defaultValue={listsFailure ? listsFailure.values[sortName] ?? "" : String(list.sortOrder)}
                          aria-invalid={sortError ? true : undefined} aria-describedby={sortError ? `${sortName}-error` : undefined} />
                        {sortError ? <p id={`${sortName}-error`} className="field-error" role="alert">{sortError}</p> : null}
                      </td>
                      <td><Link to={`/admin/menu/modifier-lists/${list.id}`}>Edit {list.name}</Link></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {canEdit ? <button type="submit" disabled={busy}>Save modifier lists</button> : null}
          </fieldset>
        </Form>
      )}
    </>
  );
}
