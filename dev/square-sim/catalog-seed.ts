// The simulator's starting menu, an empanada kitchen, as flat Square catalog objects (variations and modifiers
// stand alone here; the store nests them into their item or list when it answers). Also the starting stock.
import { CURRENCY, LOCATION_ID } from "./location";
import { money } from "./money";

/** Square catalog objects in wire shape (snake_case). */
export interface CatalogObject {
  type: string;
  id: string;
  updated_at: string;
  version: number;
  is_deleted: boolean;
  present_at_all_locations?: boolean;
  [field: string]: unknown;
}

/** When the seeded menu was made, and when the seasonal item was deleted from it. */
export const SEED_STAMP = { version: 1732300000000, updated_at: "2024-11-22T18:26:40Z" };
export const SEED_DELETION_STAMP = { version: 1732300100000, updated_at: "2024-11-22T18:28:20Z" };

interface SeedVariation {
  id: string;
  name: string;
  cents: number;
  /** Stock is counted for it (Square's `track_inventory`). */
  tracked?: boolean;
  /** Starting IN_STOCK count at the location. */
  stock?: number;
  /** Marked sold out at the simulator's location (a location override). */
  soldOutHere?: boolean;
}

interface SeedItem {
  id: string;
  categoryId: string;
  ordinal: number;
  name: string;
  description: string;
  imageId?: string;
  /** [modifier list id, item-level min override, max override]; -1 keeps the list's own. */
  modifierLists?: [string, number, number][];
  variations: SeedVariation[];
  deleted?: boolean;
}

const CATEGORIES = [
  { id: "CAT_EMPANADAS", name: "Empanadas" },
  { id: "CAT_SIDES", name: "Sides & sauces" },
  { id: "CAT_DRINKS", name: "Drinks" },
];

/** Image objects: name and the colour of the placeholder picture the simulator serves for them. */
const IMAGES = [
  { id: "IMG_BEEF", name: "Beef empanada", colour: "#9c4a1a" },
  { id: "IMG_CHICKEN", name: "Chicken empanada", colour: "#c7892b" },
  { id: "IMG_HUMITA", name: "Humita empanada", colour: "#e0b534" },
  { id: "IMG_LEMONADE", name: "Mint lemonade", colour: "#7fb046" },
];

interface SeedModifierList {
  id: string;
  name: string;
  selection: "SINGLE" | "MULTIPLE";
  min: number;
  max: number;
  modifiers: { id: string; name: string; cents: number; deleted?: boolean }[];
}

const MODIFIER_LISTS: SeedModifierList[] = [
  {
    id: "ML_COOKING",
    name: "Baked or fried",
    selection: "SINGLE",
    min: 1,
    max: 1,
    modifiers: [
      { id: "MOD_BAKED", name: "Baked", cents: 0 },
      { id: "MOD_FRIED", name: "Fried", cents: 50 },
    ],
  },
  {
    id: "ML_SAUCES",
    name: "Dipping sauces",
    selection: "MULTIPLE",
    min: 0,
    max: 2,
    modifiers: [
      { id: "MOD_CHIMICHURRI", name: "Chimichurri", cents: 75 },
      { id: "MOD_SALSA_CRIOLLA", name: "Salsa criolla", cents: 75 },
      { id: "MOD_AJI", name: "Ají picante", cents: 50 },
      { id: "MOD_GARLIC_MAYO", name: "Garlic mayo", cents: 75, deleted: true },
    ],
  },
  {
    id: "ML_ICE",
    name: "Ice",
    selection: "SINGLE",
    min: 0,
    max: 1,
    modifiers: [
      { id: "MOD_NO_ICE", name: "No ice", cents: 0 },
      { id: "MOD_LIGHT_ICE", name: "Light ice", cents: 0 },
    ],
  },
];

const EMPANADA_LISTS: [string, number, number][] = [
  ["ML_COOKING", -1, -1],
  ["ML_SAUCES", -1, -1],
];

const MENU: SeedItem[] = [
  {
    id: "ITEM_BEEF",
    categoryId: "CAT_EMPANADAS",
    ordinal: 0,
    name: "Beef empanada",
    description: "Hand-cut beef, onion, egg and green olive, baked.",
    imageId: "IMG_BEEF",
    // Three sauces with a beef empanada, where the list allows two.
    modifierLists: [
      ["ML_COOKING", -1, -1],
      ["ML_SAUCES", -1, 3],
    ],
    variations: [
      { id: "VAR_BEEF_SINGLE", name: "Single", cents: 450, tracked: true, stock: 40 },
      { id: "VAR_BEEF_HALF_DOZEN", name: "Half dozen", cents: 2400, tracked: true, stock: 12 },
    ],
  },
  {
    id: "ITEM_CHICKEN",
    categoryId: "CAT_EMPANADAS",
    ordinal: 1,
    name: "Chicken empanada",
    description: "Braised chicken with peppers and smoked paprika.",
    imageId: "IMG_CHICKEN",
    modifierLists: EMPANADA_LISTS,
    variations: [
      { id: "VAR_CHICKEN_SINGLE", name: "Single", cents: 425, tracked: true, stock: 30 },
      { id: "VAR_CHICKEN_HALF_DOZEN", name: "Half dozen", cents: 2300 },
    ],
  },
  {
    id: "ITEM_HUMITA",
    categoryId: "CAT_EMPANADAS",
    ordinal: 2,
    name: "Humita empanada",
    description: "Sweet corn, squash and béchamel. Vegetarian.",
    imageId: "IMG_HUMITA",
    modifierLists: EMPANADA_LISTS,
    variations: [
      { id: "VAR_HUMITA_SINGLE", name: "Single", cents: 400 },
      { id: "VAR_HUMITA_HALF_DOZEN", name: "Half dozen", cents: 2200 },
    ],
  },
  {
    id: "ITEM_SPINACH",
    categoryId: "CAT_EMPANADAS",
    ordinal: 3,
    name: "Spinach & cheese empanada",
    description: "Spinach, ricotta and mozzarella. Vegetarian.",
    modifierLists: EMPANADA_LISTS,
    variations: [
      { id: "VAR_SPINACH_SINGLE", name: "Single", cents: 400 },
      { id: "VAR_SPINACH_HALF_DOZEN", name: "Half dozen", cents: 2200 },
    ],
  },
  {
    id: "ITEM_DULCE",
    categoryId: "CAT_EMPANADAS",
    ordinal: 4,
    name: "Dulce de leche empanada",
    description: "Fried, filled with dulce de leche, dusted with sugar.",
    variations: [{ id: "VAR_DULCE_SINGLE", name: "Single", cents: 375, tracked: true, stock: 0 }],
  },
  {
    id: "ITEM_PUMPKIN",
    categoryId: "CAT_EMPANADAS",
    ordinal: 5,
    name: "Pumpkin & sage empanada",
    description: "Autumn only.",
    variations: [{ id: "VAR_PUMPKIN_SINGLE", name: "Single", cents: 425 }],
    deleted: true,
  },
  {
    id: "ITEM_CHIMICHURRI",
    categoryId: "CAT_SIDES",
    ordinal: 0,
    name: "Chimichurri",
    description: "Parsley, oregano, garlic and chili in olive oil.",
    variations: [
      { id: "VAR_CHIMICHURRI_SMALL", name: "2 oz", cents: 150 },
      { id: "VAR_CHIMICHURRI_JAR", name: "8 oz jar", cents: 900, tracked: true, stock: 6 },
    ],
  },
  {
    id: "ITEM_SALAD",
    categoryId: "CAT_SIDES",
    ordinal: 1,
    name: "Ensalada criolla",
    description: "Tomato, onion and bell pepper with red wine vinegar.",
    variations: [{ id: "VAR_SALAD_REGULAR", name: "Regular", cents: 650 }],
  },
  {
    id: "ITEM_LEMONADE",
    categoryId: "CAT_DRINKS",
    ordinal: 0,
    name: "Mint lemonade",
    description: "Fresh lemon, mint and ginger.",
    imageId: "IMG_LEMONADE",
    modifierLists: [["ML_ICE", -1, -1]],
    variations: [{ id: "VAR_LEMONADE_REGULAR", name: "16 oz", cents: 500 }],
  },
  {
    id: "ITEM_MATE",
    categoryId: "CAT_DRINKS",
    ordinal: 1,
    name: "Iced yerba mate",
    description: "Lightly sweetened, with orange peel.",
    modifierLists: [["ML_ICE", -1, -1]],
    variations: [{ id: "VAR_MATE_REGULAR", name: "16 oz", cents: 450, soldOutHere: true }],
  },
];

function base(type: string, id: string, deleted = false) {
  return {
    type,
    id,
    ...(deleted ? SEED_DELETION_STAMP : SEED_STAMP),
    is_deleted: deleted,
    present_at_all_locations: true,
  };
}

/** The placeholder picture's colour for a seeded image id (grey for images added later). */
export function imageColour(imageId: string): string {
  return IMAGES.find((image) => image.id === imageId)?.colour ?? "#888888";
}

/**
 * Every seeded object, flat, in the order ListCatalog returns them: categories, images, modifier lists, modifiers,
 * items, variations. `imageBaseUrl` is where the simulator serves the pictures (Square's are on its CDN).
 */
export function seedCatalogObjects(imageBaseUrl: string): CatalogObject[] {
  const categories = CATEGORIES.map((category) => ({
    ...base("CATEGORY", category.id),
    category_data: {
      name: category.name,
      category_type: "REGULAR_CATEGORY",
      is_top_level: true,
      online_visibility: true,
    },
  }));
  const images = IMAGES.map((image) => ({
    ...base("IMAGE", image.id),
    image_data: { name: image.name, url: `${imageBaseUrl}/${image.id}.svg`, caption: image.name },
  }));
  const lists = MODIFIER_LISTS.map((list, ordinal) => ({
    ...base("MODIFIER_LIST", list.id),
    modifier_list_data: {
      name: list.name,
      ordinal,
      selection_type: list.selection,
      modifier_type: "LIST",
      min_selected_modifiers: list.min,
      max_selected_modifiers: list.max,
    },
  }));
  const modifiers = MODIFIER_LISTS.flatMap((list) =>
    list.modifiers.map((modifier, ordinal) => ({
      ...base("MODIFIER", modifier.id, modifier.deleted),
      modifier_data: {
        name: modifier.name,
        price_money: money(modifier.cents, CURRENCY),
        ordinal,
        modifier_list_id: list.id,
        on_by_default: false,
      },
    }))
  );
  const items = MENU.map((item) => ({
    ...base("ITEM", item.id, item.deleted),
    item_data: {
      name: item.name,
      description: item.description,
      description_plaintext: item.description,
      is_taxable: false,
      product_type: "FOOD_AND_BEV",
      categories: [{ id: item.categoryId, ordinal: item.ordinal }],
      reporting_category: { id: item.categoryId, ordinal: item.ordinal },
      ...(item.imageId ? { image_ids: [item.imageId] } : {}),
      ...(item.modifierLists
        ? {
            modifier_list_info: item.modifierLists.map(([listId, min, max], ordinal) => ({
              modifier_list_id: listId,
              min_selected_modifiers: min,
              max_selected_modifiers: max,
              enabled: true,
              ordinal,
            })),
          }
        : {}),
    },
  }));
  const variations = MENU.flatMap((item) =>
    item.variations.map((variation, ordinal) => ({
      ...base("ITEM_VARIATION", variation.id, item.deleted),
      item_variation_data: {
        item_id: item.id,
        name: variation.name,
        ordinal,
        pricing_type: "FIXED_PRICING",
        price_money: money(variation.cents, CURRENCY),
        track_inventory: variation.tracked === true,
        sellable: true,
        stockable: true,
        ...(variation.soldOutHere
          ? { location_overrides: [{ location_id: LOCATION_ID, sold_out: true, track_inventory: false }] }
          : {}),
      },
    }))
  );
  return [...categories, ...images, ...lists, ...modifiers, ...items, ...variations];
}

/** Starting IN_STOCK counts at the simulator's location. */
export function seedInventory(): { catalogObjectId: string; quantity: number }[] {
  return MENU.filter((item) => !item.deleted).flatMap((item) =>
    item.variations.flatMap((variation) =>
      variation.stock === undefined ? [] : [{ catalogObjectId: variation.id, quantity: variation.stock }]
    )
  );
}
