// Uploaded photos: read with sharp (any JPEG, PNG, WebP, AVIF, GIF or HEIF), turned upright by its
// EXIF orientation, resized to 320/640/1280 px wide (never enlarged) as WebP and JPEG, and kept in
// Postgres by the SHA-256 of the file sent (docs/decisions/016-product-photos-in-postgres.md).
// Metadata (EXIF, GPS) is not copied into the resized files.
import type { TransactionSql } from "postgres";
import { sql } from "~/lib/db.server";
import type { ResizedImage } from "./image-resize.server";
import { shownImage, type ImageFormat, type ShownImage, type StoredImage } from "./images";

export { ImageRefusal, MAX_IMAGE_BYTES, resizeImage, type ResizedImage } from "./image-resize.server";

/** Keeps the image (once per content: the same file uploaded twice is one image) and answers its id. */
export async function storeImage(tx: TransactionSql<{ bigint: number }>, image: ResizedImage): Promise<number> {
  const [inserted] = await tx<{ id: number }[]>`
    insert into images (sha256, width, height) values (${image.sha256}, ${image.width}, ${image.height})
    on conflict (sha256) do nothing returning id`;
  if (!inserted) {
    const [existing] = await tx<{ id: number }[]>`select id from images where sha256 = ${image.sha256}`;
    return existing.id;
  }
  for (const variant of image.variants) {
    await tx`
      insert into image_variants (image_id, width, format, height, bytes)
      values (${inserted.id}, ${variant.width}, ${variant.format}, ${variant.height}, ${variant.bytes})`;
  }
  return inserted.id;
}

/** One resized copy, for the image route. */
export async function readImageVariant(sha256: string, width: number, format: ImageFormat): Promise<Buffer | null> {
  const [row] = await sql<{ bytes: Buffer }[]>`
    select v.bytes from image_variants v join images i on i.id = v.image_id
     where i.sha256 = ${sha256} and v.width = ${width} and v.format = ${format}`;
  return row?.bytes ?? null;
}

/** The SQL that describes the stored image of a row aliased `img` (an `images` row, or nulls). */
export const STORED_IMAGE_SQL = `case when img.id is null then null else json_build_object(
  'sha256', img.sha256, 'width', img.width, 'height', img.height,
  'widths', (select array_agg(distinct iv.width order by iv.width) from image_variants iv where iv.image_id = img.id)) end`;

export type StoredImageRow = Omit<StoredImage, "kind"> | null;

/** A product's photo columns, for a query that joins `images img` and `catalog_images square_image` (PRODUCT_IMAGE_JOINS). */
export const PRODUCT_IMAGE_COLUMNS = `${STORED_IMAGE_SQL} as "storedImage", p.image_url as "imageUrl", square_image.url as "squareImageUrl"`;

/** The joins PRODUCT_IMAGE_COLUMNS reads, for a query with products aliased `p`. */
export const PRODUCT_IMAGE_JOINS = `left join images img on img.id = p.image_id
  left join catalog_images square_image on square_image.square_image_id = p.square_image_id and not square_image.is_deleted`;

export interface ProductImageColumns {
  storedImage: StoredImageRow;
  imageUrl: string | null;
  squareImageUrl: string | null;
}

/** The photo a product shows, from PRODUCT_IMAGE_COLUMNS. */
export function productImage(row: ProductImageColumns): ShownImage | null {
  return shownImage(row.storedImage, [row.imageUrl, row.squareImageUrl]);
}
