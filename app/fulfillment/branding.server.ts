// The shop's look as the storefront shows it (name, hero line, description, colours, logo) and the
// owner's change of it: the logo, when one is uploaded, is resized and kept in the same transaction
// as the change (set_shop_branding checks the rest, colour contrast included).
import { ImageRefusal, resizeImage, storeImage, STORED_IMAGE_SQL, type StoredImageRow } from "~/catalog/images.server";
import { shownImage, type StoredImage } from "~/catalog/images";
import { sql } from "~/lib/db.server";
import { onStorefrontChange } from "~/catalog/storefront-changes.server";
import { tagTransaction } from "~/lib/request-context.server";
import type { AuditContext } from "~/ops/audit.server";

export interface Branding {
  name: string;
  heroLine: string;
  description: string;
  brandColor: string;
  backgroundColor: string;
  logo: StoredImage | null;
}

export const DEFAULT_BRANDING: Branding = {
  name: "Larder", heroLine: "", description: "", brandColor: "#8a3b12", backgroundColor: "#fdf3e7", logo: null,
};

/** The look as saved, read now: the owner's branding form. */
export async function getBranding(): Promise<Branding> {
  const [row] = await sql<(Omit<Branding, "logo"> & { logo: StoredImageRow })[]>`
    select coalesce((select value #>> '{}' from settings where key = 'shop.name'), 'Larder') as name,
           b.hero_line as "heroLine", b.description, b.brand_color as "brandColor", b.accent_color as "backgroundColor",
           ${sql.unsafe(STORED_IMAGE_SQL)} as logo
      from shop_branding b left join images img on img.id = b.logo_image_id`;
  if (!row) return DEFAULT_BRANDING;
  const logo = shownImage(row.logo, []);
  return { ...row, logo: logo?.kind === "stored" ? logo : null };
}

// Every storefront page shows the look twice over (the root frame and the menu), so the pages read
// it through a per-process copy: one read per BRANDING_TTL_MS at most, however many requests come,
// and concurrent misses share one read. The owner's save clears this process's copy at once;
// another app machine drops its copy when it hears of the change (catalog/storefront-changes.server.ts),
// and shows the new look within BRANDING_TTL_MS if it did not hear (like maintenance mode).
const BRANDING_TTL_MS = 5_000;

declare global {
  // Shared by every copy of this module in the process (server.ts and the Remix build).
  var __larderBranding: { value: Promise<Branding>; at: number } | null | undefined;
}

/** The look as the storefront shows it: at most BRANDING_TTL_MS old (this process's own saves at once). */
export function storefrontBranding(): Promise<Branding> {
  const cached = globalThis.__larderBranding;
  if (cached && Date.now() - cached.at < BRANDING_TTL_MS) return cached.value;
  const entry = { value: getBranding(), at: Date.now() };
  globalThis.__larderBranding = entry;
  // A failed read is not kept: the next request tries again.
  entry.value.then((branding) => {
    globalThis.__larderShopName = branding.name; // for the busy page, which reads nothing (refusal-pages.server.ts)
  }, () => {
    if (globalThis.__larderBranding === entry) globalThis.__larderBranding = null;
  });
  return entry.value;
}

export function forgetStorefrontBranding(): void {
  globalThis.__larderBranding = null;
}
onStorefrontChange(forgetStorefrontBranding);

export interface BrandingInput {
  name: string;
  heroLine: string;
  description: string;
  brandColor: string;
  backgroundColor: string;
  /** A new logo file, "remove", or null to keep the logo as it is. */
  logo: Uint8Array | "remove" | null;
}

/** Saves the shop's look; an unreadable or oversize logo is an ImageRefusal, a bad colour a ShopError on its field. */
export async function setBranding(input: BrandingInput, audit: AuditContext): Promise<void> {
  const logo = input.logo instanceof Uint8Array ? await resizeImage(input.logo) : null;
  await sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const logoId = logo ? await storeImage(tx, logo) : null;
    await tx`
      select set_shop_branding(${input.name}, ${input.heroLine}, ${input.description}, ${input.brandColor},
                               ${input.backgroundColor}, ${input.logo === null}, ${logoId}, ${audit.admin.id},
                               ${audit.requestId}, ${audit.ip})`;
  });
  forgetStorefrontBranding();
}

export { ImageRefusal };
