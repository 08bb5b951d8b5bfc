import { describe, expect, it } from "vitest";
import { isShopError } from "~/lib/shop-error";

describe("isShopError", () => {
  it("maps the database's customer-facing SQLSTATEs to HTTP statuses", () => {
    expect(isShopError({ code: "LR404", message: "Not on the menu." })).toEqual({ status: 404, message: "Not on the menu.", field: undefined });
    expect(isShopError({ code: "LR409", message: "Sold out.", column_name: "variantId" })).toEqual({ status: 409, message: "Sold out.", field: "variantId" });
    expect(isShopError({ code: "LR422", message: "Bad.", column_name: "" })?.status).toBe(422);
  });

  it("leaves every other error alone, so it is a 500 and logged", () => {
    expect(isShopError(new Error("boom"))).toBeNull();
    expect(isShopError({ code: "23505", message: "duplicate key" })).toBeNull();
    expect(isShopError(null)).toBeNull();
    expect(isShopError("LR404")).toBeNull();
  });
});
