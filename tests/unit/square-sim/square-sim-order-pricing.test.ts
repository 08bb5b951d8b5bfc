// The simulator's pricing arithmetic: Square's bankers' rounding and exact percentages.
import { describe, expect, it } from "vitest";
import { parsePercentage, priceOrder, roundHalfEven } from "../../../dev/square-sim/order-pricing";

describe("roundHalfEven", () => {
  it("rounds halves to the even neighbour and everything else to the nearest", () => {
    expect([585n, 575n, 565n, 584n, 586n, 0n].map((n) => roundHalfEven(n, 100n))).toEqual([6n, 6n, 6n, 6n, 6n, 0n]);
    expect([50n, 150n, 250n, 149n, 151n].map((n) => roundHalfEven(n, 100n))).toEqual([0n, 2n, 2n, 1n, 2n]);
    expect(roundHalfEven(1n, 3n)).toBe(0n);
    expect(roundHalfEven(2n, 3n)).toBe(1n);
  });
});

describe("parsePercentage", () => {
  it("reads decimal strings exactly and refuses anything else", () => {
    expect(parsePercentage("8.25")).toEqual([825n, 100n]);
    expect(parsePercentage("12.5")).toEqual([125n, 10n]);
    expect(parsePercentage("10")).toEqual([10n, 1n]);
    for (const bad of ["", "8.", ".5", "-1", "1e2", "8,25", "abc"]) expect(() => parsePercentage(bad)).toThrow();
  });
});

describe("priceOrder", () => {
  it("taxes $6.00 at 9.75 % as $0.58, as Square does", () => {
    expect(priceOrder([{ unitPrice: 600, modifiers: [], quantity: 1 }], [], [{ type: "ADDITIVE", percentage: "9.75" }], []).taxTotal).toBe(58);
  });

  it("shares a fixed discount by largest remainder so the shares add up", () => {
    const priced = priceOrder(
      [100, 100, 100].map((unitPrice) => ({ unitPrice, modifiers: [], quantity: 1 })),
      [{ type: "FIXED_AMOUNT", amount: 100 }],
      [],
      [],
    );
    expect(priced.lines.map((line) => line.discountTotal)).toEqual([34, 33, 33]);
    expect(priced.total).toBe(200);
  });

  it("keeps inclusive tax inside the total and adds service charges after tax", () => {
    const priced = priceOrder([{ unitPrice: 1000, modifiers: [250], quantity: 2 }], [], [{ type: "INCLUSIVE", percentage: "10" }], [399, 250]);
    expect(priced).toMatchObject({ subtotal: 2500, taxTotal: 227, total: 3149 });
  });
});
