// How Square's Orders API prices an order, in integer arithmetic (bigint, exact rationals for
// percentages): line items with modifiers, ORDER-scoped discounts and taxes apportioned to line
// items, and service charges. Every division rounds half to even (Square's "Bankers' Rounding").
// Larder's price_order() SQL function is written from the same rules; a test compares the two.
//
// Rules (the subset of Square's behaviour the simulator implements):
//   line gross = (base price + modifiers) × quantity
//   FIXED_PERCENTAGE discount: per line, round(gross × pct / 100)
//   FIXED_AMOUNT discount: capped at the subtotal, shared in proportion to gross: whole cents
//     first, then one cent each to the lines with the largest remainders (earlier first)
//   tax per line on (gross − its discounts): ADDITIVE round(net × pct / 100),
//     INCLUSIVE round(net × pct / (100 + pct))
//   service charges (amount_money, not taxable) are added whole, SUBTOTAL_PHASE or TOTAL_PHASE
//   total = gross − discounts + additive taxes + service charges

export interface PriceLine {
  unitPrice: number;
  modifiers: number[];
  quantity: number;
}

export interface PriceDiscount {
  type: "FIXED_PERCENTAGE" | "FIXED_AMOUNT";
  /** A decimal string, e.g. "12.5", for FIXED_PERCENTAGE. */
  percentage?: string;
  amount?: number;
}

export interface PriceTax {
  type: "ADDITIVE" | "INCLUSIVE";
  percentage: string;
}

export interface PricedOrder {
  lines: { gross: number; discounts: number[]; taxes: number[]; discountTotal: number; taxTotal: number; total: number }[];
  discountApplied: number[];
  taxApplied: number[];
  serviceCharges: number;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
}

/** numerator / denominator (both ≥ 0, denominator > 0) rounded half to even. */
export function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/** "8.25" → [825n, 100n]: the percentage as an exact fraction. Throws on anything else. */
export function parsePercentage(text: string): [bigint, bigint] {
  const match = /^(\d{1,3})(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) throw new Error(`not a percentage: ${text}`);
  const decimals = match[2] ?? "";
  return [BigInt(match[1] + decimals), 10n ** BigInt(decimals.length)];
}

export function priceOrder(lines: PriceLine[], discounts: PriceDiscount[], taxes: PriceTax[], serviceCharges: number[]): PricedOrder {
  const gross = lines.map((line) => BigInt(line.unitPrice + line.modifiers.reduce((sum, price) => sum + price, 0)) * BigInt(line.quantity));
  const subtotal = gross.reduce((sum, amount) => sum + amount, 0n);
  const lineDiscounts = gross.map(() => discounts.map(() => 0n));

  discounts.forEach((discount, d) => {
    if (discount.type === "FIXED_PERCENTAGE") {
      const [numerator, denominator] = parsePercentage(discount.percentage ?? "");
      gross.forEach((amount, i) => {
        const share = roundHalfEven(amount * numerator, 100n * denominator);
        lineDiscounts[i][d] = share > amount ? amount : share;
      });
    } else if (subtotal > 0n) {
      const wanted = BigInt(discount.amount ?? 0);
      const amount = wanted < subtotal ? wanted : subtotal;
      let shared = 0n;
      gross.forEach((lineGross, i) => {
        lineDiscounts[i][d] = (amount * lineGross) / subtotal;
        shared += lineDiscounts[i][d];
      });
      const byRemainder = gross
        .map((lineGross, i) => ({ i, remainder: (amount * lineGross) % subtotal }))
        .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
      for (let k = 0n; k < amount - shared; k += 1n) lineDiscounts[byRemainder[Number(k)].i][d] += 1n;
    }
  });

  const lineTaxes = gross.map((amount, i) => {
    const net = amount - lineDiscounts[i].reduce((sum, share) => sum + share, 0n);
    return taxes.map((tax) => {
      const [numerator, denominator] = parsePercentage(tax.percentage);
      return tax.type === "INCLUSIVE"
        ? roundHalfEven(net * numerator, 100n * denominator + numerator)
        : roundHalfEven(net * numerator, 100n * denominator);
    });
  });

  const pricedLines = gross.map((amount, i) => {
    const discountTotal = lineDiscounts[i].reduce((sum, share) => sum + share, 0n);
    const additive = lineTaxes[i].reduce((sum, tax, t) => (taxes[t].type === "ADDITIVE" ? sum + tax : sum), 0n);
    const taxTotal = lineTaxes[i].reduce((sum, tax) => sum + tax, 0n);
    return {
      gross: Number(amount),
      discounts: lineDiscounts[i].map(Number),
      taxes: lineTaxes[i].map(Number),
      discountTotal: Number(discountTotal),
      taxTotal: Number(taxTotal),
      total: Number(amount - discountTotal + additive),
    };
  });
  const service = serviceCharges.reduce((sum, amount) => sum + amount, 0);
  const discountTotal = pricedLines.reduce((sum, line) => sum + line.discountTotal, 0);
  const taxTotal = pricedLines.reduce((sum, line) => sum + line.taxTotal, 0);
  return {
    lines: pricedLines,
    discountApplied: discounts.map((_, d) => pricedLines.reduce((sum, line) => sum + line.discounts[d], 0)),
    taxApplied: taxes.map((_, t) => pricedLines.reduce((sum, line) => sum + line.taxes[t], 0)),
    serviceCharges: service,
    subtotal: Number(subtotal),
    discountTotal,
    taxTotal,
    total: pricedLines.reduce((sum, line) => sum + line.total, 0) + service,
  };
}
