// Any address no other route matches: a 404 through the root's error page. Being a route, it lets the
// root loader run first, so the page shows the real shop name and cart (an unmatched URL would not).
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export function action() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
