// The menu editor's forms: what each one sends, parsed with zod (the routes parse with these; the
// database's constraints check again). A slug left empty is made from the name.
import { z } from "zod";
import { checkboxField } from "~/lib/admin-forms";
import { parseMoneyToCents } from "~/lib/money";
import { SLUG, SLUG_MESSAGE, slugify } from "./slug";

const nameField = z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters.");
const descriptionField = z.string().trim().max(2000, "Use at most 2,000 characters.").default("");
const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .max(80, "Use at most 80 characters.")
  .refine((text) => text === "" || SLUG.test(text), SLUG_MESSAGE)
  .default("");
const sortOrderField = z
  .string()
  .trim()
  .refine((text) => text === "" || /^-?\d{1,6}$/.test(text), "Enter a whole number, like 10 (lower comes first).")
  .transform((text) => (text === "" ? 0 : Number(text)))
  .default("");
const priceField = z
  .string({ required_error: "Enter a price, like 4.50." })
  .refine((text) => parseMoneyToCents(text) !== null, "Enter a price in dollars and cents of zero or more, like 4.50.")
  .transform((text) => parseMoneyToCents(text) as number);
/** A whole number in [min, max], or null when left empty. */
const optionalCount = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .refine((text) => text === "" || (/^\d{1,7}$/.test(text) && Number(text) >= min && Number(text) <= max), message)
    .transform((text) => (text === "" ? null : Number(text)))
    .default("");
const idField = (message: string) =>
  z
    .string({ required_error: message })
    .regex(/^\d{1,18}$/, message)
    .transform(Number);

export function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !/\s/.test(text);
  } catch {
    return false;
  }
}

const imageUrlField = z
  .string()
  .trim()
  .max(2048, "Use a shorter address (at most 2,048 characters).")
  .refine((text) => text === "" || isWebAddress(text), "Enter a web address starting with http:// or https://.")
  .transform((text) => (text === "" ? null : text))
  .default("");

export const categorySchema = z
  .object({ name: nameField, slug: slugField, description: descriptionField, sortOrder: sortOrderField })
  .transform((category) => ({ ...category, slug: category.slug || slugify(category.name) }));
export type CategoryInput = z.infer<typeof categorySchema>;

const productFields = {
  name: nameField,
  slug: slugField,
  description: descriptionField,
  categoryId: idField("Choose a category."),
  imageUrl: imageUrlField,
  sortOrder: sortOrderField,
  isActive: checkboxField(),
  shippable: checkboxField(),
};

export const productSchema = z
  .object(productFields)
  .transform((product) => ({ ...product, slug: product.slug || slugify(product.name) }));
export type ProductInput = z.infer<typeof productSchema>;

/** A new product comes with its first variation, so it can be ordered as soon as it is active. */
export const newProductSchema = z
  .object({ ...productFields, variantName: nameField, price: priceField })
  .transform(({ variantName, price, ...product }) => ({
    product: { ...product, slug: product.slug || slugify(product.name) },
    variant: { name: variantName, priceCents: price },
  }));

const stockField = optionalCount(0, 1_000_000, "Enter how many there are (zero or more), or leave it empty if you don't count them.");
const thresholdField = optionalCount(0, 1_000_000, "Enter a whole number of zero or more, or leave it empty.");

export interface VariantInput {
  name: string;
  priceCents: number;
  sortOrder: number;
  soldOut: boolean;
  lowStockThreshold: number | null;
  /** Quantity per location; null: not counted (made to order) there. */
  stock: { locationId: number; quantity: number | null }[];
}

const variantFields = z.object({
  name: nameField,
  price: priceField,
  sortOrder: sortOrderField,
  soldOut: checkboxField(),
  lowStockThreshold: thresholdField,
});

/** A variation's fields, with one stock field (`stock-<locationId>`) per location. */
export function variantSchema(locationIds: readonly number[]) {
  const stockFields: Record<string, typeof stockField> = {};
  for (const id of locationIds) stockFields[`stock-${id}`] = stockField;
  return variantFields.extend(stockFields).transform((parsed): VariantInput => {
    const fields = parsed as unknown as z.infer<typeof variantFields>;
    const stock = parsed as unknown as Record<string, number | null>;
    return {
      name: fields.name,
      priceCents: fields.price,
      sortOrder: fields.sortOrder,
      soldOut: fields.soldOut,
      lowStockThreshold: fields.lowStockThreshold,
      stock: locationIds.map((locationId) => ({ locationId, quantity: stock[`stock-${locationId}`] ?? null })),
    };
  });
}

export const thresholdSchema = z.object({ lowStockThreshold: thresholdField });

/** Which modifier lists a product offers (`list-<id>` ticked) and in what order (`listSort-<id>`). */
export function productModifierListsSchema(listIds: readonly number[]) {
  const fields: Record<string, z.ZodTypeAny> = {};
  for (const id of listIds) {
    fields[`list-${id}`] = checkboxField();
    fields[`listSort-${id}`] = sortOrderField;
  }
  return z.object(fields).transform((values) =>
    listIds
      .filter((id) => values[`list-${id}`] === true)
      .map((modifierListId) => ({ modifierListId, sortOrder: values[`listSort-${modifierListId}`] as number })),
  );
}

export const modifierListSchema = z
  .object({
    name: nameField,
    minSelected: optionalCount(0, 100, "Enter a whole number from 0 to 100.").transform((value) => value ?? 0),
    maxSelected: optionalCount(1, 100, "Enter a whole number from 1 to 100, or leave it empty for no limit."),
    sortOrder: sortOrderField,
    isActive: checkboxField(),
  })
  .refine((list) => list.maxSelected === null || list.maxSelected >= list.minSelected, {
    message: "The most a customer can choose can't be less than the least.",
    path: ["maxSelected"],
  });
export type ModifierListInput = z.infer<typeof modifierListSchema>;

export const modifierSchema = z
  .object({ name: nameField, price: priceField, sortOrder: sortOrderField, isActive: checkboxField() })
  .transform(({ price, ...modifier }) => ({ ...modifier, priceCents: price }));
export type ModifierInput = z.infer<typeof modifierSchema>;
