// GET /images/<sha256>-<width>.<webp|jpg>: one resized copy of an uploaded photo or logo. The name
// holds the hash of the original, so a given URL always means the same bytes: browsers and proxies
// keep it for a year without asking again. Anything else is a 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseImageFile } from "~/catalog/images";
import { readImageVariant } from "~/catalog/images.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const wanted = parseImageFile(params.file ?? "");
  const bytes = wanted ? await readImageVariant(wanted.sha256, wanted.width, wanted.format) : null;
  if (!wanted || !bytes) {
    return new Response("No such image.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=60" } });
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": wanted.format === "webp" ? "image/webp" : "image/jpeg",
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
