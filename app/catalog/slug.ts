// Slugs: the part of a product's or category's address that names it (/products/beef-criolla).
// One way to make one from a name, for the Square sync and the menu editor alike (an empty slug
// field in the editor); the demo shop's slugs follow it too ("Ham & Cheese" → ham-cheese).

/** What a slug may be; the database's slug checks say the same. */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const SLUG_MESSAGE = "Use lowercase letters, digits and single hyphens, like beef-criolla.";

/** "Spinach & Cheese Empanada" → "spinach-cheese-empanada"; a name without letters or digits → "item". */
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
