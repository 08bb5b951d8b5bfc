// A small fixed empanada menu in Square's catalog shape, with ListCatalog's type filter and paging.
import { badRequest } from "./errors";
import { CURRENCY } from "./location";
import { money } from "./money";
import { decodeCursor, page } from "./paging";
import type { Money } from "./types";

const CATALOG_VERSION = 1732300000000;
const UPDATED_AT = "2024-11-22T18:26:40Z";

/** Every CatalogObjectType Square accepts in `types`; the simulator only has some of them. */
const KNOWN_TYPES = new Set([
  "ITEM",
  "IMAGE",
  "CATEGORY",
  "ITEM_VARIATION",
  "TAX",
  "DISCOUNT",
  "MODIFIER_LIST",
  "MODIFIER",
  "PRICING_RULE",
  "PRODUCT_SET",
  "TIME_PERIOD",
  "MEASUREMENT_UNIT",
  "SUBSCRIPTION_PLAN_VARIATION",
  "ITEM_OPTION",
  "ITEM_OPTION_VAL",
  "CUSTOM_ATTRIBUTE_DEFINITION",
  "QUICK_AMOUNTS_SETTINGS",
  "SUBSCRIPTION_PLAN",
  "AVAILABILITY_PERIOD",
]);

/** What ListCatalog returns when `types` is omitted: top-level types only, never ITEM_VARIATION. */
const DEFAULT_TYPES = new Set(["ITEM", "CATEGORY"]);

interface MenuItem {
  id: string;
  categoryId: string;
  name: string;
  description: string;
  variations: { id: string; name: string; cents: number }[];
}

const CATEGORIES = [
  { id: "CAT_EMPANADAS", name: "Empanadas" },
  { id: "CAT_SIDES", name: "Sides & sauces" },
  { id: "CAT_DRINKS", name: "Drinks" },
];

const MENU: MenuItem[] = [
  {
    id: "ITEM_BEEF",
    categoryId: "CAT_EMPANADAS",
    name: "Beef empanada",
    description: "Hand-cut beef, onion, egg and green olive, baked.",
    variations: [
      { id: "VAR_BEEF_SINGLE", name: "Single", cents: 450 },
      { id: "VAR_BEEF_HALF_DOZEN", name: "Half dozen", cents: 2400 },
    ],
  },
  {
    id: "ITEM_CHICKEN",
    categoryId: "CAT_EMPANADAS",
    name: "Chicken empanada",
    description: "Braised chicken with peppers and smoked paprika.",
    variations: [
      { id: "VAR_CHICKEN_SINGLE", name: "Single", cents: 425 },
      { id: "VAR_CHICKEN_HALF_DOZEN", name: "Half dozen", cents: 2300 },
    ],
  },
  {
    id: "ITEM_HUMITA",
    categoryId: "CAT_EMPANADAS",
    name: "Humita empanada",
    description: "Sweet corn, squash and béchamel. Vegetarian.",
    variations: [
      { id: "VAR_HUMITA_SINGLE", name: "Single", cents: 400 },
      { id: "VAR_HUMITA_HALF_DOZEN", name: "Half dozen", cents: 2200 },
    ],
  },
  {
    id: "ITEM_SPINACH",
    categoryId: "CAT_EMPANADAS",
    name: "Spinach & cheese empanada",
    description: "Spinach, ricotta and mozzarella. Vegetarian.",
    variations: [
      { id: "VAR_SPINACH_SINGLE", name: "Single", cents: 400 },
      { id: "VAR_SPINACH_HALF_DOZEN", name: "Half dozen", cents: 2200 },
    ],
  },
  {
    id: "ITEM_DULCE",
    categoryId: "CAT_EMPANADAS",
    name: "Dulce de leche empanada",
    description: "Fried, filled with dulce de leche, dusted with sugar.",
    variations: [{ id: "VAR_DULCE_SINGLE", name: "Single", cents: 375 }],
  },
  {
    id: "ITEM_CHIMICHURRI",
    categoryId: "CAT_SIDES",
    name: "Chimichurri",
    description: "Parsley, oregano, garlic and chili in olive oil.",
    variations: [
      { id: "VAR_CHIMICHURRI_SMALL", name: "2 oz", cents: 150 },
      { id: "VAR_CHIMICHURRI_JAR", name: "8 oz jar", cents: 900 },
    ],
  },
  {
    id: "ITEM_SALAD",
    categoryId: "CAT_SIDES",
    name: "Ensalada criolla",
    description: "Tomato, onion and bell pepper with red wine vinegar.",
    variations: [{ id: "VAR_SALAD_REGULAR", name: "Regular", cents: 650 }],
  },
  {
    id: "ITEM_LEMONADE",
    categoryId: "CAT_DRINKS",
    name: "Mint lemonade",
    description: "Fresh lemon, mint and ginger.",
    variations: [{ id: "VAR_LEMONADE_REGULAR", name: "16 oz", cents: 500 }],
  },
  {
    id: "ITEM_MATE",
    categoryId: "CAT_DRINKS",
    name: "Iced yerba mate",
    description: "Lightly sweetened, with orange peel.",
    variations: [{ id: "VAR_MATE_REGULAR", name: "16 oz", cents: 450 }],
  },
];

export interface CatalogObject {
  type: string;
  id: string;
  [field: string]: unknown;
}

function objectBase(type: string, id: string) {
  return {
    type,
    id,
    updated_at: UPDATED_AT,
    version: CATALOG_VERSION,
    is_deleted: false,
    present_at_all_locations: true,
  };
}

function variationObject(item: MenuItem, variation: MenuItem["variations"][number], ordinal: number): CatalogObject {
  return {
    ...objectBase("ITEM_VARIATION", variation.id),
    item_variation_data: {
      item_id: item.id,
      name: variation.name,
      ordinal,
      pricing_type: "FIXED_PRICING",
      price_money: money(variation.cents, CURRENCY),
      sellable: true,
      stockable: true,
    },
  };
}

const CATEGORY_OBJECTS: CatalogObject[] = CATEGORIES.map((category) => ({
  ...objectBase("CATEGORY", category.id),
  category_data: {
    name: category.name,
    category_type: "REGULAR_CATEGORY",
    is_top_level: true,
    online_visibility: true,
  },
}));

const ITEM_OBJECTS: CatalogObject[] = MENU.map((item) => ({
  ...objectBase("ITEM", item.id),
  item_data: {
    name: item.name,
    description: item.description,
    description_plaintext: item.description,
    is_taxable: false,
    product_type: "FOOD_AND_BEV",
    categories: [{ id: item.categoryId, ordinal: 0 }],
    reporting_category: { id: item.categoryId, ordinal: 0 },
    variations: item.variations.map((variation, ordinal) => variationObject(item, variation, ordinal)),
  },
}));

const VARIATION_OBJECTS: CatalogObject[] = MENU.flatMap((item) =>
  item.variations.map((variation, ordinal) => variationObject(item, variation, ordinal)),
);

/** Catalog order: categories, then items, then (only if asked for) variations as top-level objects. */
const ALL_OBJECTS = [...CATEGORY_OBJECTS, ...ITEM_OBJECTS, ...VARIATION_OBJECTS];

export interface CatalogPage {
  objects: CatalogObject[];
  cursor?: string;
}

function parseTypes(types: string | null): Set<string> {
  if (!types || !types.trim()) return DEFAULT_TYPES;
  const wanted = new Set(
    types
      .split(",")
      .map((type) => type.trim().toUpperCase())
      .filter(Boolean),
  );
  for (const type of wanted) {
    if (!KNOWN_TYPES.has(type))
      throw badRequest("INVALID_ENUM_VALUE", `Unknown catalog object type \`${type}\`.`, "types");
  }
  return wanted;
}

export function listCatalog(query: URLSearchParams, pageSize: number): CatalogPage {
  const types = parseTypes(query.get("types"));
  const matching = ALL_OBJECTS.filter((object) => types.has(object.type));
  const { items, cursor } = page(matching, decodeCursor(query.get("cursor")), pageSize);
  return cursor ? { objects: items, cursor } : { objects: items };
}

export interface CatalogVariation {
  itemName: string;
  variationName: string;
  price: Money;
}

/** Resolves an order line's `catalog_object_id` the way CreateOrder does: name and price come from the catalog. */
export function findVariation(id: string): CatalogVariation | null {
  for (const item of MENU) {
    const variation = item.variations.find((v) => v.id === id);
    if (variation)
      return { itemName: item.name, variationName: variation.name, price: money(variation.cents, CURRENCY) };
  }
  return null;
}
