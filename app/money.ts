// Money is integer cents plus a currency code; this turns it into text for people.

export function formatMoney(cents: number | bigint | string, currency = "USD"): string {
  const value = Number(cents) / 100;
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(value);
}
