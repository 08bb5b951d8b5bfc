// The menu editor's forms: what each one sends, parsed with zod (the routes parse with these; the
// database's constraints check again). A slug left empty is made from the name. Each form's fields
// are a plain object (`…Fields`), so a page of several forms can join them in one
// `z.discriminatedUnion("intent", …)`; what turns them into the domain's input is beside them.
import { z } from "zod";
import { checkboxField, idField, optionalWholeNumberField } from "~/lib/admin-forms";
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
  // Only https: a secure shop's pages do not show a photo over plain http (mixed content).
  .refine((text) => text === "" || (isWebAddress(text) && text.startsWith("https://")), "Enter a web address starting with https:// (the shop's pages cannot show photos from http:// addresses).")
  .transform((text) => (text === "" ? null : text))
  .default("");

/** A category or product sent without a slug gets one made from its name. */
export function withSlug<Form extends { name: string; slug: string }>(form: Form): Form {
  return { ...form, slug: form.slug || slugify(form.name) };
}

export const categoryFields = z.object({ name: nameField, slug: slugField, description: descriptionField, sortOrder: sortOrderField });
export const categorySchema = categoryFields.transform(withSlug);
export type CategoryInput = z.infer<typeof categorySchema>;

/** "Gluten, dairy,  Vegan" → ["dairy", "gluten", "vegan"]: lower-case words, each once, at most 12. */
const allergensField = z
  .string()
  .default("")
  .transform((text) => [...new Set(text.split(",").map((tag) => tag.trim().toLowerCase().replace(/\s+/g, " ")).filter(Boolean))].sort())
  .refine((tags) => tags.length <= 12, "List at most 12 allergens or dietary tags.")
  .refine((tags) => tags.every((tag) => /^[a-z0-9][a-z0-9 -]{0,29}$/.test(tag)), "Use plain words separated by commas, like: gluten, dairy, vegan.");

export const productFields = z.object({
  name: nameField,
  slug: slugField,
  description: descriptionField,
  categoryId: idField("Choose a category."),
  imageUrl: imageUrlField,
  sortOrder: sortOrderField,
  isActive: checkboxField(),
  shippable: checkboxField(),
  allergens: allergensField,
});

export const productSchema = productFields.transform(withSlug);
export type ProductInput = z.infer<typeof productSchema>;

/** A new product comes with its first variation, so it can be ordered as soon as it is active. */
export const newProductSchema = productFields
  .extend({ variantName: nameField, price: priceField })
  .transform(({ variantName, price, ...product }) => ({
    product: withSlug(product),
    variant: { name: variantName, priceCents: price },
  }));

const stockField = optionalWholeNumberField({ min: 0, max: 1_000_000, message: "Enter how many there are (zero or more), or leave it empty if you don't count them." });
const thresholdField = optionalWholeNumberField({ min: 0, max: 1_000_000, message: "Enter a whole number of zero or more, or leave it empty." });
const unitsPerVariationField = optionalWholeNumberField({ min: 1, max: 1000, message: "Enter how many units one of this is, from 1 to 1,000 (a dozen: 12)." });

export interface VariantInput {
  name: string;
  priceCents: number;
  sortOrder: number;
  soldOut: boolean;
  lowStockThreshold: number | null;
  /** Units the kitchen makes for one (a dozen: 12); undefined: a form without the field keeps what is saved. */
  unitsPerVariation?: number;
  /** Quantity per location; null: not counted (made to order) there. */
  stock: { locationId: number; quantity: number | null }[];
}

const oneVariantFields = z.object({
  name: nameField,
  price: priceField,
  sortOrder: sortOrderField,
  soldOut: checkboxField(),
  lowStockThreshold: thresholdField,
  unitsPerVariation: unitsPerVariationField,
});

/** A variation's fields, with one stock field (`stock-<locationId>`) per location. */
export function variantFields(locationIds: readonly number[]) {
  const stockFields: Record<`stock-${number}`, typeof stockField> = {};
  for (const id of locationIds) stockFields[`stock-${id}`] = stockField;
  return oneVariantFields.extend(stockFields);
}

export function variantInput(parsed: z.output<ReturnType<typeof variantFields>>, locationIds: readonly number[]): VariantInput {
  return {
    name: parsed.name,
    priceCents: parsed.price,
    sortOrder: parsed.sortOrder,
    soldOut: parsed.soldOut,
    lowStockThreshold: parsed.lowStockThreshold,
    unitsPerVariation: parsed.unitsPerVariation ?? undefined,
    stock: locationIds.map((locationId) => ({ locationId, quantity: parsed[`stock-${locationId}`] ?? null })),
  };
}

export function variantSchema(locationIds: readonly number[]) {
  return variantFields(locationIds).transform((parsed) => variantInput(parsed, locationIds));
}

/** The variation's settings that are the shop's own, editable whichever catalog the menu comes from. */
export const thresholdSchema = z.object({ lowStockThreshold: thresholdField, unitsPerVariation: unitsPerVariationField });

/** Which modifier lists a product offers (`list-<id>` ticked) and in what order (`listSort-<id>`). */
export function productModifierListsFields(listIds: readonly number[]) {
  const fields: Record<`list-${number}`, ReturnType<typeof checkboxField>> & Record<`listSort-${number}`, typeof sortOrderField> = {};
  for (const id of listIds) {
    fields[`list-${id}`] = checkboxField();
    fields[`listSort-${id}`] = sortOrderField;
  }
  return z.object(fields);
}

export function chosenModifierLists(values: z.output<ReturnType<typeof productModifierListsFields>>, listIds: readonly number[]) {
  return listIds
    .filter((id) => values[`list-${id}`] === true)
    .map((modifierListId) => ({ modifierListId, sortOrder: values[`listSort-${modifierListId}`] ?? 0 }));
}

export function productModifierListsSchema(listIds: readonly number[]) {
  return productModifierListsFields(listIds).transform((values) => chosenModifierLists(values, listIds));
}

export const modifierListFields = z.object({
  name: nameField,
  minSelected: optionalWholeNumberField({ min: 0, max: 100, message: "Enter a whole number from 0 to 100." }).transform((value) => value ?? 0),
  maxSelected: optionalWholeNumberField({ min: 1, max: 100, message: "Enter a whole number from 1 to 100, or leave it empty for no limit." }),
  sortOrder: sortOrderField,
  isActive: checkboxField(),
});

/** The list's bounds together (a refinement, so a page's union of forms can run it too). */
export function checkChoiceBounds(list: { minSelected: number; maxSelected: number | null }, context: z.RefinementCtx) {
  if (list.maxSelected === null || list.maxSelected >= list.minSelected) return;
  context.addIssue({ code: z.ZodIssueCode.custom, message: "The most a customer can choose can't be less than the least.", path: ["maxSelected"] });
}

export const modifierListSchema = modifierListFields.superRefine(checkChoiceBounds);
export type ModifierListInput = z.infer<typeof modifierListSchema>;

export const modifierFields = z.object({ name: nameField, price: priceField, sortOrder: sortOrderField, isActive: checkboxField() });
export function modifierInput({ name, price, sortOrder, isActive }: z.output<typeof modifierFields>) {
  return { name, priceCents: price, sortOrder, isActive };
}
export const modifierSchema = modifierFields.transform(modifierInput);
export type ModifierInput = z.infer<typeof modifierSchema>;
