// Slugs: the part of a product's or category's address that names it (/products/beef-criolla).

/** "Spinach & Cheese Empanada" → "spinach-cheese-empanada". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || "item";
}
