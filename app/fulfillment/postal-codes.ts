// Postal codes as an admin types them for a delivery zone: one per line or between commas. A code
// may hold a space ("K1A 0B1", "SW1A 1AA"), so spaces do not separate codes. Everything else about
// a code — upper case, white space, repeats, what counts as a postal code, how many a zone may
// have — is decided once, in SQL (set_delivery_zone_postal_codes, as addresses are read).

/** The entries typed in the postal codes box, in order, without empty ones. */
export function splitPostalCodes(text: string): string[] {
  return text
    .split(/[,;\r\n]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}
