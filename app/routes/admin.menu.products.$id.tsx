// One product in the menu editor: its details, each variation (price, stock per location, low-stock
// threshold, sold out), a form to add a variation, the modifier lists it offers, and its daily limits. Every form posts
// here with an `intent`; a refused one comes back with its errors and values, the others untouched.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { MENU_OWNERS_ONLY } from "~/catalog/menu-admin-change.server";
import { FormError, Notice } from "~/components/Field";
import { CatalogSourceNote, ProductFields, VariantFields } from "~/components/MenuForms";
import { DailyLimitForm } from "~/components/DailyLimitForm";
import { adminAction, auditContext, done } from "~/lib/admin-action.server";
import { failureOf } from "~/lib/forms";
import { readNotice } from "~/lib/session.server";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { listCategories } from "~/catalog/menu-admin-categories.server";
import {
  chosenModifierLists,
  productFields,
  productModifierListsFields,
  thresholdSchema,
  variantFields,
  variantInput,
  withSlug,
} from "~/catalog/menu-admin-forms.server";
import { getProductForEdit, setProductModifierLists, setProductPhoto, updateProduct } from "~/catalog/menu-admin-products.server";
import { ImageRefusal } from "~/catalog/images.server";
import { imageUrl } from "~/catalog/images";
import { CheckboxField, TextField } from "~/components/Field";
import { refusal } from "~/lib/admin-action.server";
import { checkboxField } from "~/lib/admin-forms";
import { uploadedFile } from "~/lib/uploads";
import { listLocations, setLowStockThreshold } from "~/catalog/menu-admin-stock.server";
import { addVariant, removeVariant, updateVariant } from "~/catalog/menu-admin-variations.server";
import { dailyLimitFields, getProductDailyLimits, setDailyLimit } from "~/catalog/menu-admin-limits.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.product.name} — Menu — Admin` : "Product not found" }];

const PRODUCT_FIELDS = ["name", "slug", "description", "categoryId", "imageUrl", "sortOrder", "isActive", "shippable", "allergens"] as const;
const VARIANT_FIELDS = ["name", "price", "sortOrder", "soldOut", "lowStockThreshold", "unitsPerVariation"] as const;

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
  const dailyLimits = await getProductDailyLimits(found.product.id);
  return data({ ...found, categories, locations, source, dailyLimits, isOwner: isOwner(admin), notice }, { headers });
}

// Each form of the page, by its intent; the variation forms name their variation with `variantId`.
// Made in the action (the menu's forms are a server module the browser's bundle leaves out).
function productPageSchema(locationIds: number[], listIds: number[]) {
  const variantId = z.string();
  return z.discriminatedUnion("intent", [
    productFields.extend({ intent: z.literal("product") }),
    variantFields(locationIds).extend({ intent: z.literal("variant"), variantId }),
    thresholdSchema.extend({ intent: z.literal("threshold"), variantId }),
    z.object({ intent: z.literal("remove-variant"), variantId }),
    variantFields(locationIds).extend({ intent: z.literal("add-variant") }),
    productModifierListsFields(listIds).extend({ intent: z.literal("modifier-lists") }),
    dailyLimitFields.extend({ intent: z.literal("daily-limit") }),
    z.object({ intent: z.literal("photo"), removePhoto: checkboxField() }),
  ]);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, MENU_OWNERS_ONLY);
  const [{ product, variants, modifierLists }, locations] = await Promise.all([findProduct(params.id), listLocations()]);
  const audit = auditContext(admin, context);
  const back = `/admin/menu/products/${product.id}`;
  const locationIds = locations.map((location) => location.id);
  const listIds = modifierLists.map((list) => list.id);
  const variantOf = (id: string) => {
    const variant = variants.find((candidate) => String(candidate.id) === id);
    if (!variant) throw new Response("That variation is not on this product", { status: 404 });
    return variant;
  };
  const variantFieldNames = [...VARIANT_FIELDS, ...locationIds.map((id) => `stock-${id}`)];

  return adminAction(request, productPageSchema(locationIds, listIds), async (input, formData) => {
    switch (input.intent) {
      case "photo": {
        const file = await uploadedFile(formData, "photo");
        if (!file && !input.removePhoto) return refusal(422, "Choose a photo to upload.", "photo");
        try {
          await setProductPhoto(product.id, file, audit);
        } catch (error) {
          if (error instanceof ImageRefusal) return refusal(422, error.message, "photo");
          throw error;
        }
        return done(back, file ? `Photo of “${product.name}” saved.` : `Photo of “${product.name}” removed.`);
      }
      case "product":
        await updateProduct(product.id, withSlug(input), audit);
        return done(back, `“${input.name}” saved.`);
      case "variant":
        await updateVariant(variantOf(input.variantId).id, variantInput(input, locationIds), audit);
        return done(back, `Variation “${input.name}” saved.`);
      case "threshold": {
        const variant = variantOf(input.variantId);
        await setLowStockThreshold(variant.id, input.lowStockThreshold, audit, input.unitsPerVariation ?? undefined);
        return done(back, `Low-stock threshold and units of “${variant.name}” saved.`);
      }
      case "remove-variant": {
        const variant = variantOf(input.variantId);
        await removeVariant(variant.id, audit);
        return done(back, `Variation “${variant.name}” removed.`);
      }
      case "add-variant":
        await addVariant(product.id, variantInput(input, locationIds), audit);
        return done(back, `Variation “${input.name}” added.`);
      case "modifier-lists":
        await setProductModifierLists(product.id, chosenModifierLists(input, listIds), audit);
        return done(back, "Modifier lists saved.");
      case "daily-limit": {
        const variant = input.limitOf === "product" ? null : variantOf(input.limitOf);
        const limit = { perDay: input.perDay, perSlot: input.perSlot };
        await setDailyLimit(variant ? { variantId: variant.id } : { productId: product.id }, limit, audit);
        const what = variant ? `“${variant.name}”` : `“${product.name}” (all options)`;
        return done(back, limit.perDay === null && limit.perSlot === null ? `Daily limit of ${what} removed.` : `Daily limit of ${what} saved.`);
      }
    }
  }, {
    // The forms of one variation (save, threshold, remove) share its panel; each daily limit has its own.
    form: (values) =>
      values.intent === "daily-limit" ? `limit-${values.limitOf}` : values.variantId ? `variant-${values.variantId}` : values.intent,
    fields: {
      product: PRODUCT_FIELDS,
      variant: variantFieldNames,
      threshold: ["lowStockThreshold", "unitsPerVariation"],
      "remove-variant": [],
      "add-variant": variantFieldNames,
      "modifier-lists": listIds.flatMap((id) => [`list-${id}`, `listSort-${id}`]),
      "daily-limit": ["perDay", "perSlot"],
      photo: ["photo", "removePhoto"],
    },
  });
}

export default function EditProduct() {
  const { product, variants, modifierLists, categories, locations, source, dailyLimits, isOwner, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const canEdit = isOwner && source === "local";
  const productFailure = failureOf(failure, "product");
  const addFailure = failureOf(failure, "add-variant");
  const listsFailure = failureOf(failure, "modifier-lists");
  const photoFailure = failureOf(failure, "photo");
  return (
    <>
      <p><Link to="/admin/menu">← Menu</Link></p>
      <h1>{product.name}</h1>
      <Notice message={notice} />
      <FormError message={failureOf(failure, null)?.formError} />
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

      <Form method="post" encType="multipart/form-data" className="panel" noValidate aria-label="Photo" key={`photo-${product.photo?.sha256 ?? "none"}`}>
        <h2>Photo</h2>
        <FormError message={photoFailure?.formError} />
        <input type="hidden" name="intent" value="photo" />
        {product.photo ? (
          <p>
            <img src={imageUrl(product.photo.sha256, product.photo.widths[0], "webp")} alt={`The photo of ${product.name}`} className="photo-preview"
              width={product.photo.widths[0]} height={Math.round((product.photo.widths[0] * product.photo.height) / product.photo.width)} />
          </p>
        ) : (
          <p className="hint">No photo uploaded{product.imageUrl ? "; the image address above is shown" : ""}.</p>
        )}
        <fieldset className="plain" disabled={!isOwner}>
          <TextField label={product.photo ? "Replace the photo" : "Upload a photo"} name="photo" type="file" accept="image/jpeg,image/png,image/webp,image/avif"
            hint="A JPEG, PNG, WebP or AVIF image of at most 5 MB; it is resized for phones and computers." error={photoFailure?.errors.photo} />
          {product.photo ? <CheckboxField label="Remove the photo" name="removePhoto" error={photoFailure?.errors.removePhoto} /> : null}
          {isOwner ? <button type="submit" disabled={busy}>Save photo</button> : null}
        </fieldset>
      </Form>

      <h2>Variations</h2>
      {variants.map((variant) => {
        const key = `variant-${variant.id}`;
        const variantFailure = failureOf(failure, key);
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
                    {canEdit ? "Save variation" : "Save threshold and units"}
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

      <h2>Daily limits</h2>
      <p className="hint">
        The most items the kitchen makes for one day, and for one pickup time or delivery window, counted in items ordered
        (a “Half dozen” is one item). A product's limit counts all its options together. Customers see what is left, and
        checkout offers only the days and times an order fits. A limit cannot go below what is already sold for a day.
      </p>
      <DailyLimitForm limitOf="product" label={`${product.name} (all options)`} saved={dailyLimits.product}
        failure={failureOf(failure, "limit-product")} canEdit={isOwner} busy={busy} />
      {variants.map((variant) => (
        <DailyLimitForm key={variant.id} limitOf={String(variant.id)} label={variant.name} saved={dailyLimits.variants[String(variant.id)] ?? null}
          failure={failureOf(failure, `limit-${variant.id}`)} canEdit={isOwner} busy={busy} />
      ))}

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
