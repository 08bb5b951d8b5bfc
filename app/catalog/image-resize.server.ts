// Photos resized for the menu: read with sharp (any JPEG, PNG, WebP, AVIF, GIF or HEIF), turned
// upright by its EXIF orientation, resized to 320/640/1280 px wide (never enlarged) as WebP and JPEG.
// Metadata (EXIF, GPS) is not copied into the resized files. No database here (images.server.ts
// keeps them), so the resizing is tested on its own. sharp (libvips, ~20 MB resident) is loaded on the
// first upload, not by every process that serves pages (docs/decisions/022).
import { createHash } from "node:crypto";
import { IMAGE_WIDTHS, type ImageFormat } from "./images";

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
  const { default: sharp } = await import("sharp");
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
