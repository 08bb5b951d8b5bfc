import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { routeMatcher } from "~/ops/route-label.server";

const route = (id: string, parentId: string | undefined, path?: string, index?: boolean) => ({ id, parentId, path, index, module: {} });
const build = {
  routes: {
    root: route("root", undefined, ""),
    "routes/_index": route("routes/_index", "root", undefined, true),
    "routes/products.$slug": route("routes/products.$slug", "root", "products/:slug"),
    "routes/cart": route("routes/cart", "root", "cart"),
    "routes/admin": route("routes/admin", "root", "admin"),
    "routes/admin._index": route("routes/admin._index", "routes/admin", undefined, true),
    "routes/admin.orders.$number": route("routes/admin.orders.$number", "routes/admin", "orders/:number"),
    "routes/admin.health[.json]": route("routes/admin.health[.json]", "routes/admin", "health.json"),
    "routes/admin.health": route("routes/admin.health", "routes/admin", "health"),
  },
} as unknown as ServerBuild;

describe("routeMatcher", () => {
  const routeOf = routeMatcher(build);
  it.each([
    ["/", "routes/_index"],
    ["/products/humita", "routes/products.$slug"],
    ["/cart", "routes/cart"],
    ["/admin", "routes/admin._index"],
    ["/admin/orders/1042", "routes/admin.orders.$number"],
    ["/admin/health", "routes/admin.health"],
    ["/admin/health.json", "routes/admin.health[.json]"],
    ["/admin/healthxjson", "unmatched"],
    ["/nope/nope", "unmatched"],
  ])("labels %s as %s", (path, id) => expect(routeOf(path)).toBe(id));
});
