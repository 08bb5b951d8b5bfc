// A print page's options come from its address, and nonsense falls back to one 80 mm ticket.
import { describe, expect, it } from "vitest";
import { printOptions } from "~/kitchen/print";

describe("print options", () => {
  it.each([
    ["", { paper: "80mm", bags: 1 }],
    ["?paper=page&bags=3", { paper: "page", bags: 3 }],
    ["?paper=letterhead&bags=0", { paper: "80mm", bags: 1 }],
    ["?bags=2.5", { paper: "80mm", bags: 1 }],
    ["?bags=999", { paper: "80mm", bags: 1 }],
  ])("reads %j", (query, expected) => {
    expect(printOptions(new URL(`http://shop.test/admin/orders/1001/ticket${query}`))).toEqual(expected);
  });
});
