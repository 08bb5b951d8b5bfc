// A product photo or logo as the pages show it: the resized copies of an uploaded image (served
// from /images/<sha256>-<width>.<format>, content-addressed, cached for a year), or one remote
// HTTPS address (the menu's image address, or Square's catalog image) shown as it is.

export const IMAGE_WIDTHS = [320, 640, 1280] as const;
export type ImageFormat = "webp" | "jpeg";

export interface StoredImage {
  kind: "stored";
  sha256: string;
  /** The widths that were made (never wider than the original), ascending. */
  widths: number[];
  /** Width and height of the original (after EXIF rotation): the aspect ratio every copy keeps. */
  width: number;
  height: number;
}

export interface RemoteImage {
  kind: "remote";
  url: string;
}

export type ShownImage = StoredImage | RemoteImage;

export function imageUrl(sha256: string, width: number, format: ImageFormat): string {
  return `/images/${sha256}-${width}.${format === "jpeg" ? "jpg" : "webp"}`;
}

export function srcSet(image: StoredImage, format: ImageFormat): string {
  return image.widths.map((width) => `${imageUrl(image.sha256, width, format)} ${width}w`).join(", ");
}

/** The file name the image route answers: the image's hash, a width and a format; null for anything else. */
export function parseImageFile(file: string): { sha256: string; width: number; format: ImageFormat } | null {
  const match = /^([0-9a-f]{64})-(\d{2,4})\.(webp|jpg)$/.exec(file);
  if (!match) return null;
  return { sha256: match[1], width: Number(match[2]), format: match[3] === "jpg" ? "jpeg" : "webp" };
}

/** What the pages show for a product: its uploaded photo, else an HTTPS address it was given. */
export function shownImage(stored: Omit<StoredImage, "kind"> | null, remoteUrls: (string | null)[]): ShownImage | null {
  if (stored) return { kind: "stored", ...stored };
  const url = remoteUrls.find((candidate) => candidate && /^https:\/\/[^\s/?#]+/.test(candidate));
  return url ? { kind: "remote", url } : null;
}
