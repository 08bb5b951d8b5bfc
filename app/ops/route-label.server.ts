// Names a request by the Remix route that serves it ("routes/products.$slug"), so metrics count
// routes, not the endless variety of raw URLs.
import type { ServerBuild } from "@remix-run/node";

interface Pattern {
  id: string;
  regex: RegExp;
  staticSegments: number;
}

function fullPath(routes: ServerBuild["routes"], id: string): string {
  const route = routes[id];
  const parent = route.parentId ? fullPath(routes, route.parentId) : "";
  return [parent, route.path ?? ""].filter(Boolean).join("/");
}

function toRegex(path: string): RegExp {
  const segments = path.split("/").filter(Boolean).map((segment) => {
    if (segment === "*") return ".*";
    if (segment.startsWith(":")) return "[^/]+";
    return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  return new RegExp(`^/${segments.join("/")}/?$`);
}

/** Returns a function from a URL path to the id of the route that answers it ("unmatched" if none). */
export function routeMatcher(build: ServerBuild): (path: string) => string {
  const patterns: Pattern[] = Object.keys(build.routes)
    .filter((id) => id !== "root" && (build.routes[id].index || build.routes[id].path !== undefined))
    // A layout route with children (admin) answers only through them, unless it is an index.
    .filter((id) => build.routes[id].index || !Object.values(build.routes).some((route) => route.parentId === id))
    .map((id) => {
      const path = fullPath(build.routes, id);
      return { id, regex: toRegex(path), staticSegments: path.split("/").filter((segment) => segment && !segment.startsWith(":") && segment !== "*").length };
    })
    .sort((a, b) => b.staticSegments - a.staticSegments);
  return (path) => patterns.find((pattern) => pattern.regex.test(path))?.id ?? "unmatched";
}
