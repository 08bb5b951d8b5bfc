// Where the menu comes from: "square" (Square's item library, kept in step by the catalog sync) or
// "local" (edited in this admin). Shared by server code and the pages that show or switch it.
export const CATALOG_SOURCES = ["square", "local"] as const;
export type CatalogSource = (typeof CATALOG_SOURCES)[number];
