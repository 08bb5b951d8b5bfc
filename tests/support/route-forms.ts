// The app's routes read from app/routes (Remix v2 flat routes) and the forms read from a page's
// HTML, so a test can reach every form the app serves without a hand-kept list of them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface RouteFile {
  /** The file under app/routes, e.g. "admin.orders.$number.tsx". */
  file: string;
  /** URL segments: literal text, or `:name` for a `$name` param (`*` for a splat). */
  segments: string[];
  /** `_index` routes answer POSTs sent to `path?index`. */
  index: boolean;
  hasAction: boolean;
  hasLoader: boolean;
  /** A page (default export) rather than a resource route. */
  hasPage: boolean;
  params: string[];
}

/** Splits a flat route name on the dots that are not inside `[...]` escapes. */
function nameParts(name: string): string[] {
  const parts: string[] = [];
  let current = "";
  let escaped = false;
  for (const char of name) {
    if (char === "[") escaped = true;
    else if (char === "]") escaped = false;
    else if (char === "." && !escaped) {
      parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

/** The URL segments of a flat route name: `admin_.orders.$number.receipt` → admin/orders/:number/receipt. */
export function routeSegments(name: string): { segments: string[]; index: boolean } {
  const segments: string[] = [];
  let index = false;
  for (const part of nameParts(name)) {
    if (part === "_index") {
      index = true;
      continue;
    }
    // A leading underscore is a pathless layout; a trailing one only opts out of the parent layout.
    if (part.startsWith("_")) continue;
    const bare = part.endsWith("_") && !part.endsWith("]") ? part.slice(0, -1) : part;
    if (bare === "$") segments.push("*");
    else if (bare.startsWith("$")) segments.push(`:${bare.slice(1)}`);
    else segments.push(bare.replace(/\[([^\]]*)\]/g, "$1"));
  }
  return { segments, index };
}

export function readRoutes(routesDir: string): RouteFile[] {
  const routes: RouteFile[] = [];
  for (const entry of readdirSync(routesDir)) {
    const full = path.join(routesDir, entry);
    let name: string;
    let source: string;
    if (statSync(full).isDirectory()) {
      const main = ["route.tsx", "route.ts"].map((file) => path.join(full, file)).find((file) => {
        try {
          return statSync(file).isFile();
        } catch {
          return false;
        }
      });
      if (!main) continue;
      name = entry;
      source = readFileSync(main, "utf8");
    } else {
      if (!/\.(tsx?|jsx?)$/.test(entry)) continue;
      name = entry.replace(/\.(tsx?|jsx?)$/, "");
      source = readFileSync(full, "utf8");
    }
    const { segments, index } = routeSegments(name);
    routes.push({
      file: entry,
      segments,
      index,
      hasAction: /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(source),
      hasLoader: /export\s+(async\s+)?function\s+loader\b|export\s+const\s+loader\b/.test(source),
      hasPage: /export\s+default\b/.test(source),
      params: segments.filter((segment) => segment.startsWith(":")).map((segment) => segment.slice(1)),
    });
  }
  return routes.sort((a, b) => a.file.localeCompare(b.file));
}

export function routePattern(route: RouteFile): string {
  return `/${route.segments.join("/")}`;
}

/** The path of a route with its params filled in. */
export function routePath(route: RouteFile, params: Record<string, string>): string {
  return `/${route.segments.map((segment) => (segment.startsWith(":") ? encodeURIComponent(params[segment.slice(1)]) : segment)).join("/")}`;
}

/**
 * The route that serves a URL, as Remix ranks them: more literal segments win over params, and a
 * path with `?index` (or a path that is only an index route's) goes to the index route.
 */
export function routeFor(routes: RouteFile[], url: string): RouteFile | undefined {
  const parsed = new URL(url, "http://x");
  const parts = parsed.pathname.split("/").filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  const wantsIndex = parsed.searchParams.has("index");
  const candidates = routes.filter((route) => {
    if (route.segments.length !== parts.length && !route.segments.includes("*")) return false;
    return route.segments.every((segment, i) => segment === "*" || segment.startsWith(":") || segment === parts[i]);
  });
  const score = (route: RouteFile) =>
    route.segments.filter((segment) => !segment.startsWith(":") && segment !== "*").length * 10 + (route.index === wantsIndex ? 1 : 0);
  return candidates.sort((a, b) => score(b) - score(a))[0];
}

export interface FormControl {
  name: string;
  /** What the page would send for it by default ("" when nothing is chosen). */
  value: string;
  /** For selects and radio groups: the values offered. */
  options: string[];
  type: string;
}

export interface PageForm {
  /** The URL the form posts to, resolved against the page. */
  action: string;
  enctype: string;
  controls: FormControl[];
  /** Named submit buttons (an `intent` switch): each is one way to send the form. */
  submitters: { name: string; value: string }[];
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, "\u00a0")
    .replace(/&amp;/g, "&");
}

function attributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of text.matchAll(/([^\s=/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attrs[match[1].toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attrs;
}

/** The `method="post"` forms of a page (server-rendered React: attributes quoted, text escaped). */
export function postForms(html: string, pageUrl: string): PageForm[] {
  return pageForms(html, pageUrl, "post");
}

/** The forms of a page that send `method` ("get" for filters and date pickers, "post" for changes). */
export function pageForms(html: string, pageUrl: string, method: "get" | "post"): PageForm[] {
  const forms: PageForm[] = [];
  let form: PageForm | null = null;
  let select: FormControl | null = null;
  let radios = new Map<string, FormControl>();
  const tags = /<(\/?)(form|input|select|option|textarea|button)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
  for (let match = tags.exec(html); match; match = tags.exec(html)) {
    const closing = match[1] === "/";
    const tag = match[2].toLowerCase();
    const attrs = attributes(match[3]);
    if (tag === "form") {
      if (closing) {
        if (form) forms.push(form);
        form = null;
      } else if ((attrs.method ?? "get").toLowerCase() === method) {
        form = { action: new URL(attrs.action ?? "", pageUrl).toString(), enctype: attrs.enctype ?? "application/x-www-form-urlencoded", controls: [], submitters: [] };
        radios = new Map();
      }
      continue;
    }
    if (!form || closing) {
      if (tag === "select" && closing) select = null;
      continue;
    }
    if ("disabled" in attrs && tag !== "button") continue;
    const name = attrs.name;
    if (tag === "input") {
      const type = (attrs.type ?? "text").toLowerCase();
      if (!name) continue;
      if (type === "submit" || type === "image") form.submitters.push({ name, value: attrs.value ?? "" });
      else if (type === "radio") {
        let group = radios.get(name);
        if (!group) {
          group = { name, value: "", options: [], type };
          radios.set(name, group);
          form.controls.push(group);
        }
        group.options.push(attrs.value ?? "on");
        if ("checked" in attrs) group.value = attrs.value ?? "on";
      } else if (type === "checkbox") {
        form.controls.push({ name, value: "checked" in attrs ? (attrs.value ?? "on") : "", options: [attrs.value ?? "on"], type });
      } else if (type !== "button" && type !== "reset" && type !== "file") {
        form.controls.push({ name, value: attrs.value ?? "", options: [], type });
      }
    } else if (tag === "select") {
      if (!name) continue;
      select = { name, value: "", options: [], type: "select" };
      form.controls.push(select);
    } else if (tag === "option") {
      if (!select) continue;
      const rest = html.slice(tags.lastIndex);
      const value = attrs.value ?? decodeEntities(rest.slice(0, rest.search(/<\/option>|<option\b|<\/select>/i)).replace(/<[^>]*>/g, "")).trim();
      select.options.push(value);
      if ("selected" in attrs || select.options.length === 1) select.value = value;
    } else if (tag === "textarea") {
      if (!name) continue;
      const rest = html.slice(tags.lastIndex);
      form.controls.push({ name, value: decodeEntities(rest.slice(0, rest.search(/<\/textarea>/i))), options: [], type: "textarea" });
    } else if (tag === "button") {
      if ((attrs.type ?? "submit").toLowerCase() === "submit" && name) form.submitters.push({ name, value: attrs.value ?? "" });
    }
  }
  return forms;
}
