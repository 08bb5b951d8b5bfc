// The server's route matching is cached per build (docs/decisions/023, patches/@remix-run+router,
// @remix-run+react, react-router-dom): the patches are applied to the files the server loads, and
// the cached matching answers as the uncached one did: the same matches every time, flags kept
// apart, a route tree grown in place (patchRoutes) matched afresh.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The CommonJS builds: what Node (and so the server) loads for these packages, which have no "exports".
const require = createRequire(import.meta.url);
const router = require("@remix-run/router") as typeof import("@remix-run/router");
const { createStaticRouter } = require("react-router-dom/server") as typeof import("react-router-dom/server");

describe("route matching cached on the server", () => {
  it("is patched into the files the server loads", () => {
    expect(readFileSync(require.resolve("@remix-run/router"), "utf8")).toContain("rankedBranchesCache");
    expect(readFileSync(require.resolve("@remix-run/router"), "utf8")).toContain("compiledPaths");
    expect(readFileSync(require.resolve("@remix-run/router"), "utf8")).toContain("matchesCache");
    expect(readFileSync(require.resolve("react-router-dom/server"), "utf8")).toContain("staticDataRoutesCache");
    expect(readFileSync(require.resolve("@remix-run/react/dist/server.js"), "utf8")).toContain("serverRoutesCache");
  });

  it("matches the same routes the same way every time", () => {
    const routes = [
      { id: "root", path: "/", children: [
        { id: "menu", index: true },
        { id: "product", path: "products/:slug" },
        { id: "orders", path: "orders/:token" },
        { id: "admin", path: "admin", children: [{ id: "board", path: "board" }] },
        { id: "splat", path: "*" },
      ] },
    ];
    for (let round = 0; round < 3; round++) {
      expect(router.matchRoutes(routes, "/")?.map((m) => m.route.id)).toEqual(["root", "menu"]);
      expect(router.matchRoutes(routes, "/products/beef-criolla")?.at(-1)).toMatchObject({ params: { slug: "beef-criolla" }, route: { id: "product" } });
      expect(router.matchRoutes(routes, "/admin/board")?.map((m) => m.route.id)).toEqual(["root", "admin", "board"]);
      expect(router.matchRoutes(routes, "/no/such/page")?.at(-1)?.route.id).toBe("splat");
    }
  });

  it("hands out copies of a path's matches, so a caller changing one does not change the next", () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "product", path: "products/:slug" }] }];
    const first = router.matchRoutes(routes, "/products/beef-criolla")!;
    // As matchRouteBranch makes them: every match of one result shares one params object.
    expect(first[0].params).toBe(first[1].params);
    (first[1].params as Record<string, string>).slug = "changed";
    first.pop();
    const second = router.matchRoutes(routes, "/products/beef-criolla")!;
    expect(second.map((m) => m.route.id)).toEqual(["root", "product"]);
    expect(second[1].params).toEqual({ slug: "beef-criolla" });
    expect(second[0].params).toBe(second[1].params);
    expect(router.matchRoutes(routes, "/products/humita")?.at(-1)?.params).toEqual({ slug: "humita" });
    expect(router.matchRoutes(routes, "/nothing")).toBeNull();
  });

  it("keeps a pattern's case sensitivity and end apart", () => {
    expect(router.matchPath({ path: "/Menu", caseSensitive: true, end: true }, "/menu")).toBeNull();
    expect(router.matchPath({ path: "/Menu", caseSensitive: false, end: true }, "/menu")).not.toBeNull();
    expect(router.matchPath({ path: "/Menu", caseSensitive: true, end: true }, "/menu")).toBeNull();
    expect(router.matchPath({ path: "/admin", caseSensitive: false, end: false }, "/admin/board")).not.toBeNull();
    expect(router.matchPath({ path: "/admin", caseSensitive: false, end: true }, "/admin/board")).toBeNull();
  });

  it("matches a router's routes afresh after patchRoutes grows them", () => {
    const history = router.createMemoryHistory({ initialEntries: ["/"] });
    const client = router.createRouter({ routes: [{ id: "root", path: "/", children: [{ id: "menu", index: true }] }], history }).initialize();
    expect(router.matchRoutes(client.routes, "/cart")).toBeNull();
    client.patchRoutes("root", [{ id: "cart", path: "cart" }]);
    expect(router.matchRoutes(client.routes, "/cart")?.at(-1)?.route.id).toBe("cart");
    client.dispose();
  });

  it("makes a static router's data routes once per routes array", () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "menu", index: true }] }];
    const context = { basename: "/", location: { pathname: "/", search: "", hash: "", state: null, key: "default" }, matches: [], loaderData: {}, actionData: null, errors: null, statusCode: 200, loaderHeaders: {}, actionHeaders: {}, activeDeferreds: null };
    const first = createStaticRouter(routes, context as never);
    const second = createStaticRouter(routes, context as never);
    expect(second.routes).toBe(first.routes);
    expect(createStaticRouter([...routes], context as never).routes).not.toBe(first.routes);
  });
});
