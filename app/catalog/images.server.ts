// Uploaded photos: read with sharp (any JPEG, PNG, WebP, AVIF, GIF or HEIF), turned upright by its
// EXIF orientation, resized to 320/640/1280 px wide (never enlarged) as WebP and JPEG, and kept in
// Postgres by the SHA-256 of the file sent (docs/decisions/016-product-photos-in-postgres.md).
// Metadata (EXIF, GPS) is not copied into the resized files.
import { createHash } from "node:crypto";
import sharp from "sharp";
import type { TransactionSql } from "postgres";
import { sql } from "~/lib/db.server";
import { IMAGE_WIDTHS, shownImage, type ImageFormat, type ShownImage, type StoredImage } from "./images";

/** The largest photo file accepted; the upload routes' body limit leaves room for the rest of the form. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_IMAGE_PIXELS = 40_000_000;
const READABLE = new Set(["jpeg", "png", "webp", "avif", "gif", "heif"]);

export class ImageRefusal extends Error {}

export interface ResizedImage {
  sha256: string;
  width: number;
  height: number;
  variants: { width: number; height: number; format: ImageFormat; bytes: Buffer }[];
}

/** The photo's resized copies, or ImageRefusal saying (to the person uploading) why it was not taken. */
export async function resizeImage(file: Uint8Array): Promise<ResizedImage> {
  if (file.byteLength === 0) throw new ImageRefusal("Choose a photo to upload.");
  if (file.byteLength > MAX_IMAGE_BYTES) {
    throw new ImageRefusal(`That file is ${(file.byteLength / 1024 / 1024).toFixed(1)} MB; photos can be at most 5 MB. Export a smaller JPEG and try again.`);
  }
  let width: number;
  let height: number;
  try {
    const metadata = await sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    if (!metadata.format || !READABLE.has(metadata.format) || !metadata.width || !metadata.height) throw new Error("unreadable");
    // Orientations 5–8 are stored on their side.
    const sideways = (metadata.orientation ?? 1) >= 5;
    width = sideways ? metadata.height : metadata.width;
    height = sideways ? metadata.width : metadata.height;
  } catch {
    throw new ImageRefusal("That file is not a photo we can read. Upload a JPEG, PNG, WebP or AVIF image.");
  }
  if (width * height > MAX_IMAGE_PIXELS) throw new ImageRefusal("That photo has too many pixels (over 40 megapixels). Upload a smaller one.");
  if (Math.max(width, height) / Math.min(width, height) > 4) {
    throw new ImageRefusal("That photo is too long and thin to show on the menu (more than 4 times as wide as it is tall, or the other way). Crop it and try again.");
  }
  const widths: number[] = IMAGE_WIDTHS.filter((candidate) => candidate < width);
  if (widths.length < IMAGE_WIDTHS.length) widths.push(Math.min(width, IMAGE_WIDTHS.at(-1)!));
  const variants: ResizedImage["variants"] = [];
  try {
    for (const target of widths) {
      const resized = sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().resize({ width: target, withoutEnlargement: true }).flatten({ background: "#ffffff" });
      for (const format of ["webp", "jpeg"] as const) {
        const { data, info } = await (format === "webp" ? resized.clone().webp({ quality: 78 }) : resized.clone().jpeg({ quality: 80, mozjpeg: true }))
          .toBuffer({ resolveWithObject: true });
        variants.push({ width: info.width, height: info.height, format, bytes: data });
      }
    }
  } catch {
    throw new ImageRefusal("That photo could not be read to the end (the file may be damaged). Export it again and upload the new file.");
  }
  const sha256 = createHash("sha256").update(file).digest("hex");
  return { sha256, width, height, variants };
}

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
