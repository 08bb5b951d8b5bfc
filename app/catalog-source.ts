// Where the menu is edited: "local" (this admin) or "square" (Square's item library, kept in step by
// the catalog sync). Shared by server code and the pages that show or switch it.
export const CATALOG_SOURCES = ["local", "square"] as const;
export type CatalogSource = (typeof CATALOG_SOURCES)[number];
