// How every change in the admin's menu editor runs: owners only, one transaction tagged with the
// request, refused while the menu comes from Square (unless the change is the shop's own, like a
// low-stock threshold), and a catalog constraint's error turned into a refusal on the form's field,
// shaped like the database's own LR4xx errors so routes show it with isShopError. Each change
// writes its audit entry in that transaction, with the row as it was and as it became.
import postgres, { type JSONValue, type TransactionSql } from "postgres";
import { isOwner } from "~/accounts/auth.server";
import type { AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";
import { getCatalogSource } from "./catalog-source.server";
import { SLUG_MESSAGE } from "./slug";

export type Tx = TransactionSql<{ bigint: number }>;

/** The refusal of every menu change to staff: the routes' guard says it, and so does `change`. */
export const MENU_OWNERS_ONLY = "Only an owner can change the menu.";
export type Row = Record<string, JSONValue>;

export class MenuRefusal extends Error {
  constructor(
    readonly code: "LR404" | "LR409" | "LR422",
    message: string,
    readonly column_name?: string,
  ) {
    super(message);
    this.name = "MenuRefusal";
  }
}

// What each catalog constraint means for the person filling in the form, and on which field.
const constraintRefusals: Record<string, [MenuRefusal["code"], string, string | undefined]> = {
  products_slug_key: ["LR409", "Another product already uses this slug.", "slug"],
  categories_slug_key: ["LR409", "Another category already uses this slug.", "slug"],
  variants_product_id_name_key: ["LR409", "This product already has a variation with that name.", "name"],
  products_name_check: ["LR422", "Enter a name.", "name"],
  categories_name_check: ["LR422", "Enter a name.", "name"],
  variants_name_check: ["LR422", "Enter a name.", "name"],
  modifier_lists_name_check: ["LR422", "Enter a name.", "name"],
  modifiers_name_check: ["LR422", "Enter a name.", "name"],
  products_slug_check: ["LR422", SLUG_MESSAGE, "slug"],
  categories_slug_check: ["LR422", SLUG_MESSAGE, "slug"],
  products_image_url_check: ["LR422", "Enter a web address starting with http:// or https://.", "imageUrl"],
  products_category_id_fkey: ["LR404", "Choose a category from the list.", "categoryId"],
  variants_price_cents_check: ["LR422", "Enter a price of zero or more.", "price"],
  modifiers_price_cents_check: ["LR422", "Enter a price of zero or more.", "price"],
  variants_units_per_variation_check: ["LR422", "Enter how many units one of this is, from 1 to 1,000 (a dozen: 12).", "unitsPerVariation"],
  variants_low_stock_threshold_check: ["LR422", "Enter a whole number of zero or more, or leave it empty.", "lowStockThreshold"],
  modifier_lists_min_selected_check: ["LR422", "Enter a whole number from 0 to 100.", "minSelected"],
  modifier_lists_max_selected_check: ["LR422", "Enter a whole number from 1 to 100, or leave it empty for no limit.", "maxSelected"],
  modifier_lists_check: ["LR422", "The most a customer can choose can't be less than the least.", "maxSelected"],
  product_modifier_lists_modifier_list_id_fkey: ["LR404", "One of those modifier lists no longer exists; reload the page.", undefined],
};

export function asRefusal(error: unknown): unknown {
  if (!(error instanceof postgres.PostgresError)) return error;
  const known = error.constraint_name ? constraintRefusals[error.constraint_name] : undefined;
  if (known) return new MenuRefusal(known[0], known[1], known[2]);
  if (error.code === "22003") return new MenuRefusal("LR422", "One of the numbers is too large.");
  return error;
}

/** Runs one change: a transaction tagged with the request, refused unless the admin may make it. */
export async function change<T>(audit: AuditContext, options: { squareToo?: boolean }, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!isOwner(audit.admin)) throw new MenuRefusal("LR409", MENU_OWNERS_ONLY);
  try {
    return (await sql.begin(async (tx) => {
      await tagTransaction(tx, audit.requestId);
      if (!options.squareToo && (await getCatalogSource(tx)) === "square") {
        throw new MenuRefusal("LR409", "The menu comes from Square's catalog: change it in Square, or switch the menu source to this admin first.");
      }
      return work(tx);
    })) as T;
  } catch (error) {
    throw asRefusal(error);
  }
}

export function notFound(what: string): MenuRefusal {
  return new MenuRefusal("LR404", `That ${what} does not exist (any more).`);
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const shopCurrency = (tx: Tx) => tx`(select coalesce((select currency from locations order by id limit 1), 'USD'))`;
