// A product's photo: the uploaded image's WebP copies with JPEG for older browsers, sized by the
// layout (`sizes`), width and height set so nothing shifts while it loads, lazy unless it is near
// the top of the page; a remote address shown as it is; and a drawn placeholder when there is none.
import { imageUrl, srcSet, type ShownImage } from "~/catalog/images";

// Every slot shows photos at 4:3 (object-fit: cover), so the placeholder and remote images match.
const SLOT = { width: 640, height: 480 };

export function ProductImage({ image, name, sizes, eager = false, className = "" }: {
  image: ShownImage | null;
  /** The product's name: the photo's text alternative would repeat the link's, so photos are decorative beside it. */
  name: string;
  sizes: string;
  eager?: boolean;
  className?: string;
}) {
  const loading = eager ? "eager" : "lazy";
  if (!image) {
    return (
      <div className={`product-image placeholder ${className}`} aria-hidden="true">
        <span>{name.trim().charAt(0).toUpperCase()}</span>
      </div>
    );
  }
  if (image.kind === "remote") {
    return (
      <img className={`product-image ${className}`} src={image.url} alt="" width={SLOT.width} height={SLOT.height}
        loading={loading} decoding="async" referrerPolicy="no-referrer" />
    );
  }
  const fallbackWidth = image.widths.find((width) => width >= 640) ?? image.widths.at(-1)!;
  const height = Math.round((fallbackWidth * image.height) / image.width);
  return (
    <picture>
      <source type="image/webp" srcSet={srcSet(image, "webp")} sizes={sizes} />
      <img className={`product-image ${className}`} src={imageUrl(image.sha256, fallbackWidth, "jpeg")} srcSet={srcSet(image, "jpeg")}
        sizes={sizes} alt="" width={fallbackWidth} height={height} loading={loading} decoding="async" />
    </picture>
  );
}
