// The menu editor's form fields (category, product, variation, modifier list, modifier), shared by
// the pages that create and edit them. A failed submission shows its errors and the values typed;
// otherwise the fields show what is saved. `prefix` keeps ids unique when a page repeats a form.
import type { CatalogSource } from "~/catalog/catalog-source";
import { centsToDollarsText } from "~/lib/admin-forms";
import type { FormFailure } from "~/lib/forms";
import { CheckboxField, SelectField, TextAreaField, TextField } from "./Field";

type Failure = FormFailure | undefined;

/** The saved value, or what was typed when the form came back with errors. */
function shown(failure: Failure, name: string, saved: string | number | null | undefined): string {
  if (failure) return failure.values[name] ?? "";
  return saved === null || saved === undefined ? "" : String(saved);
}

function ticked(failure: Failure, name: string, saved: boolean): boolean {
  return failure ? failure.values[name] === "on" : saved;
}

/** How many modifiers of a list a customer picks, in words. */
export function choiceRule(min: number, max: number | null): string {
  if (max === null) return min === 0 ? "Any number" : `At least ${min}`;
  if (min === max) return `Exactly ${min}`;
  return min === 0 ? `Up to ${max}` : `${min} to ${max}`;
}

export function CatalogSourceNote({ source }: { source: CatalogSource }) {
  if (source !== "square") return null;
  return (
    <p className="notice notice-info" role="note">
      This menu comes from Square's item library: change products, prices, modifiers and stock in Square, and the catalog
      sync brings them here. Only low-stock thresholds are kept in this admin, so they stay editable.
    </p>
  );
}

export function CategoryFields({ failure, saved }: { failure: Failure; saved?: { name: string; slug: string; description: string; sortOrder: number } }) {
  return (
    <>
      <TextField label="Name" name="name" maxLength={120} defaultValue={shown(failure, "name", saved?.name)} error={failure?.errors.name} />
      <TextField label="Slug" name="slug" maxLength={80} hint="The category's part of the web address; left empty, it is made from the name."
        defaultValue={shown(failure, "slug", saved?.slug)} error={failure?.errors.slug} />
      <TextAreaField label="Description" name="description" rows={2} maxLength={2000} defaultValue={shown(failure, "description", saved?.description)} error={failure?.errors.description} />
      <TextField label="Sort order" name="sortOrder" inputMode="numeric" hint="Lower numbers come first on the menu."
        defaultValue={shown(failure, "sortOrder", saved?.sortOrder ?? 0)} error={failure?.errors.sortOrder} />
    </>
  );
}

export interface ProductSaved {
  name: string;
  slug: string;
  description: string;
  categoryId: number;
  imageUrl: string | null;
  sortOrder: number;
  isActive: boolean;
  shippable: boolean;
  allergens: string[];
}

export function ProductFields({ failure, saved, categories }: { failure: Failure; saved?: ProductSaved; categories: { id: number; name: string }[] }) {
  return (
    <>
      <TextField label="Name" name="name" maxLength={120} defaultValue={shown(failure, "name", saved?.name)} error={failure?.errors.name} />
      <TextField label="Slug" name="slug" maxLength={80} hint="The product page's address, /products/slug; left empty, it is made from the name."
        defaultValue={shown(failure, "slug", saved?.slug)} error={failure?.errors.slug} />
      <TextAreaField label="Description" name="description" rows={3} maxLength={2000} defaultValue={shown(failure, "description", saved?.description)} error={failure?.errors.description} />
      <SelectField label="Category" name="categoryId" defaultValue={shown(failure, "categoryId", saved?.categoryId)} error={failure?.errors.categoryId}>
        <option value="">Choose a category</option>
        {categories.map((category) => <option key={category.id} value={category.id}>{category.name}</option>)}
      </SelectField>
      <TextField label="Image address" name="imageUrl" type="url" maxLength={2048} hint="A web address (https://…) of a photo; leave empty for none."
        defaultValue={shown(failure, "imageUrl", saved?.imageUrl)} error={failure?.errors.imageUrl} />
      <TextField label="Sort order" name="sortOrder" inputMode="numeric" hint="Lower numbers come first in the category."
        defaultValue={shown(failure, "sortOrder", saved?.sortOrder ?? 0)} error={failure?.errors.sortOrder} />
      <CheckboxField label="Active (on the menu)" name="isActive" defaultChecked={ticked(failure, "isActive", saved?.isActive ?? true)} error={failure?.errors.isActive} />
      <CheckboxField label="Can be shipped" name="shippable" defaultChecked={ticked(failure, "shippable", saved?.shippable ?? false)} error={failure?.errors.shippable} />
      <TextField label="Allergens and dietary tags" name="allergens" maxLength={400} hint="Separated by commas, like: gluten, dairy, vegetarian. Shown on the menu, the product page, packing cards and bag labels."
        defaultValue={shown(failure, "allergens", saved?.allergens.join(", "))} error={failure?.errors.allergens} />
    </>
  );
}

export interface VariantSaved {
  name: string;
  priceCents: number;
  sortOrder: number;
  soldOut: boolean;
  lowStockThreshold: number | null;
  unitsPerVariation: number;
  stock: Record<string, number>;
}

/**
 * A variation's fields. `lockedExceptThreshold` (Square is the catalog's source) shows everything
 * but the low-stock threshold as read-only.
 */
export function VariantFields({
  failure,
  saved,
  locations,
  prefix,
  lockedExceptThreshold = false,
}: {
  failure: Failure;
  saved?: VariantSaved;
  locations: { id: number; name: string; isActive: boolean }[];
  prefix: string;
  lockedExceptThreshold?: boolean;
}) {
  return (
    <>
      <fieldset className="plain" disabled={lockedExceptThreshold}>
        <TextField id={`${prefix}-name`} label="Name" name="name" maxLength={120} defaultValue={shown(failure, "name", saved?.name)} error={failure?.errors.name} />
        <TextField id={`${prefix}-price`} label="Price ($)" name="price" inputMode="decimal"
          defaultValue={shown(failure, "price", saved ? centsToDollarsText(saved.priceCents) : undefined)} error={failure?.errors.price} />
        <TextField id={`${prefix}-sortOrder`} label="Sort order" name="sortOrder" inputMode="numeric"
          defaultValue={shown(failure, "sortOrder", saved?.sortOrder ?? 0)} error={failure?.errors.sortOrder} />
        <CheckboxField id={`${prefix}-soldOut`} label="Sold out" name="soldOut" defaultChecked={ticked(failure, "soldOut", saved?.soldOut ?? false)} error={failure?.errors.soldOut} />
        <fieldset className="stock">
          <legend>In stock per location</legend>
          <p className="hint">Leave a location empty if you don't count this variation there (made to order). With a number, orders take from it and it sells out at zero.</p>
          {locations.map((location) => {
            const name = `stock-${location.id}`;
            return (
              <TextField key={location.id} id={`${prefix}-${name}`} label={`${location.name}${location.isActive ? "" : " (inactive)"}`} name={name} inputMode="numeric"
                defaultValue={shown(failure, name, saved?.stock[String(location.id)])} error={failure?.errors[name]} />
            );
          })}
        </fieldset>
      </fieldset>
      {/* The shop's own settings, editable even while Square is the menu's source. */}
      <TextField id={`${prefix}-unitsPerVariation`} label="Units per variation" name="unitsPerVariation" inputMode="numeric"
        hint="How many the kitchen makes for one of these: 1 for a single, 6 for a half dozen, 12 for a dozen (the production plan counts units)."
        defaultValue={shown(failure, "unitsPerVariation", saved?.unitsPerVariation ?? 1)} error={failure?.errors.unitsPerVariation} />
      <TextField id={`${prefix}-lowStockThreshold`} label="Low-stock threshold" name="lowStockThreshold" inputMode="numeric"
        hint="At or below this many left, the dashboard flags it as running low. Leave empty for no warning."
        defaultValue={shown(failure, "lowStockThreshold", saved?.lowStockThreshold)} error={failure?.errors.lowStockThreshold} />
    </>
  );
}

export function ModifierListFields({ failure, saved }: { failure: Failure; saved?: { name: string; minSelected: number; maxSelected: number | null; sortOrder: number; isActive: boolean } }) {
  return (
    <>
      <TextField label="Name" name="name" maxLength={120} hint="What customers see, like “Add a salsa”." defaultValue={shown(failure, "name", saved?.name)} error={failure?.errors.name} />
      <TextField label="Least a customer must choose" name="minSelected" inputMode="numeric" hint="0 makes the list optional."
        defaultValue={shown(failure, "minSelected", saved?.minSelected ?? 0)} error={failure?.errors.minSelected} />
      <TextField label="Most a customer may choose" name="maxSelected" inputMode="numeric" hint="Leave empty for no limit."
        defaultValue={shown(failure, "maxSelected", saved?.maxSelected)} error={failure?.errors.maxSelected} />
      <TextField label="Sort order" name="sortOrder" inputMode="numeric" defaultValue={shown(failure, "sortOrder", saved?.sortOrder ?? 0)} error={failure?.errors.sortOrder} />
      <CheckboxField label="Active (offered to customers)" name="isActive" defaultChecked={ticked(failure, "isActive", saved?.isActive ?? true)} error={failure?.errors.isActive} />
    </>
  );
}

export function ModifierFields({ failure, saved, prefix }: { failure: Failure; saved?: { name: string; priceCents: number; sortOrder: number; isActive: boolean }; prefix: string }) {
  return (
    <>
      <TextField id={`${prefix}-name`} label="Name" name="name" maxLength={120} defaultValue={shown(failure, "name", saved?.name)} error={failure?.errors.name} />
      <TextField id={`${prefix}-price`} label="Price ($)" name="price" inputMode="decimal" hint="0.00 for no extra charge."
        defaultValue={shown(failure, "price", saved ? centsToDollarsText(saved.priceCents) : "0.00")} error={failure?.errors.price} />
      <TextField id={`${prefix}-sortOrder`} label="Sort order" name="sortOrder" inputMode="numeric" defaultValue={shown(failure, "sortOrder", saved?.sortOrder ?? 0)} error={failure?.errors.sortOrder} />
      <CheckboxField id={`${prefix}-isActive`} label="Active" name="isActive" defaultChecked={ticked(failure, "isActive", saved?.isActive ?? true)} error={failure?.errors.isActive} />
    </>
  );
}
