// Shared Intl formatters. Building one costs far more than using it (time zone data is looked up
// each time): a menu rendered 50+ prices and a checkout 145 pickup times with a new formatter each,
// a tenth of the page's CPU. One formatter per locale and options is kept and reused; the set of
// options in the code is small and time zones are the shop's own, but the cache is bounded anyway.
const MAX_FORMATTERS = 500;
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const found = cache.get(key);
  if (found) return found;
  // A formatter that cannot be made (an unknown time zone: RangeError) throws here and is not kept.
  const made = make();
  if (cache.size >= MAX_FORMATTERS) cache.clear();
  cache.set(key, made);
  return made;
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateTimeFormats, `${locale}\u0000${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(numberFormats, `${locale}\u0000${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}
