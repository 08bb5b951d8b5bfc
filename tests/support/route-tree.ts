// The app's routes read from app/routes (Remix's flat-route file names), so tests that must cover
// every page or every form cover a new one without being told.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface RouteFile {
  file: string;
  /** The URL pattern, like /admin/orders/:number or /admin/production.csv. */
  pattern: string;
  hasLoader: boolean;
  hasAction: boolean;
}

const ROUTES = path.resolve("app/routes");

function patternOf(name: string): string {
  const segments = name
    .replace(/\.tsx?$/, "")
    // [.csv] escapes a dot that is part of the URL.
    .replace(/\[\.([^\]]+)\]/g, "\u0000$1")
    .split(".")
    .map((segment) => segment.replaceAll("\u0000", "."))
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) => segment.replace(/_$/, ""))
    .map((segment) => (segment.startsWith("$") ? `:${segment.slice(1)}` : segment));
  return `/${segments.join("/")}`;
}

export function routeFiles(): RouteFile[] {
  return readdirSync(ROUTES)
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => {
      const source = readFileSync(path.join(ROUTES, name), "utf8");
      return {
        file: name,
        pattern: patternOf(name),
        hasLoader: /export (async )?function loader\b|export const loader\b/.test(source),
        hasAction: /export (async )?function action\b|export const action\b/.test(source),
      };
    });
}

/** The pattern with each :param replaced by `params[param]` (or `fallback`). */
export function urlFor(pattern: string, params: Record<string, string> = {}, fallback = "1"): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? fallback));
}
