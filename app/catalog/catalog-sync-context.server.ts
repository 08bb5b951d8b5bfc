// What applying a page of Square's catalog shares: the transaction and its lock, the order object
// types refer to each other in, what a full sync has seen so far and what the page changed.
import type { TransactionSql } from "postgres";
import type { CatalogObject } from "./square-catalog.server";

export type Tx = TransactionSql<{ bigint: number }>;
/** A catalog object of one type, with its id (Square always sends one; the SDK's CATEGORY type leaves it optional). */
export type Of<Type extends CatalogObject["type"]> = Extract<CatalogObject, { type: Type }> & { id: string };

/** Every page and stock update takes this lock, so two of them never interleave their writes. */
export const SYNC_LOCK = "larder.catalog_sync";

/** Type passes of a full sync (ListCatalog), in the order objects refer to each other. */
export const FULL_SYNC_PASSES = ["CATEGORY", "IMAGE", "MODIFIER_LIST", "ITEM"] as const;
/** Type passes of an incremental sync (SearchCatalogObjects): nested types come on their own too. */
export const INCREMENTAL_PASSES = ["CATEGORY", "IMAGE", "MODIFIER_LIST", "MODIFIER", "ITEM", "ITEM_VARIATION"] as const;

/** The ids a full sync saw, so what Square no longer has can be taken off the menu afterwards. */
export interface SeenIds {
  categories: Set<string>;
  images: Set<string>;
  modifierLists: Set<string>;
  modifiers: Set<string>;
  items: Set<string>;
  variations: Set<string>;
}

export function emptySeenIds(): SeenIds {
  return { categories: new Set(), images: new Set(), modifierLists: new Set(), modifiers: new Set(), items: new Set(), variations: new Set() };
}

export interface PageOutcome {
  /** Objects Square sent on the page, nested variations and modifiers included. */
  received: number;
  /** Of those, the ones that changed something here. */
  applied: number;
}

export interface PageContext {
  tx: Tx;
  /** The shop's Square location: its overrides (price, sold out) and item presence count. */
  squareLocationId: string;
  /** Larder locations linked to a Square location, where stock is kept. */
  linkedLocations: { id: number; squareLocationId: string }[];
  uncategorizedId?: number;
  seen?: SeenIds;
  outcome: PageOutcome;
}

export function noteSeen(ctx: PageContext, key: keyof SeenIds, object: CatalogObject & { id: string }) {
  if (!object.isDeleted) ctx.seen?.[key].add(object.id);
}
