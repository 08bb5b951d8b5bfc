// A route's `headers`: without it Remix drops an action's headers from the page it renders, so a
// 429 form would lose its Retry-After. The loader's headers are kept as they were.
import type { HeadersFunction } from "@remix-run/node";

export const keepRetryAfter: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers(loaderHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
