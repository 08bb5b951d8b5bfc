// The installed app's PNG icons, drawn with sharp from the shop's mark (public/favicon.svg) on the
// storefront's paper colour. A maskable icon keeps the mark inside the central 60 % that every
// launcher's mask leaves visible. Drawn once per process and kept: a handful of small files. sharp
// is loaded by the first icon drawn, not at start (docs/decisions/022).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { APP_COLOURS, type AppIcon } from "./web-app";

const MARK = path.resolve("public/favicon.svg");
const drawn = new Map<string, Promise<Buffer>>();

async function draw(icon: AppIcon): Promise<Buffer> {
  const { default: sharp } = await import("sharp");
  const inner = Math.round(icon.size * (icon.purpose === "maskable" ? 0.6 : 0.86));
  const mark = await sharp(await readFile(MARK), { density: 72 * Math.ceil(inner / 64) })
    .resize(inner, inner, { fit: "contain", background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
  return sharp({ create: { width: icon.size, height: icon.size, channels: 4, background: APP_COLOURS.background } })
    .composite([{ input: mark, gravity: "centre" }])
    .png({ compressionLevel: 9 })
    .toBuffer();
}

export function appIconPng(icon: AppIcon): Promise<Buffer> {
  const key = `${icon.size}-${icon.purpose}`;
  let png = drawn.get(key);
  if (!png) {
    png = draw(icon);
    drawn.set(key, png);
    // A failure is not kept: the next request draws again.
    png.catch(() => drawn.delete(key));
  }
  return png;
}
