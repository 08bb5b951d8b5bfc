// Seeded pseudo-random numbers (mulberry32), so fault injection with a `seed` repeats exactly.
import { randomInt } from "node:crypto";

export type Random = () => number;

/** A number seed is used as is; a string is hashed (FNV-1a); no seed picks a random one. */
export function seededRandom(seed?: number | string): Random {
  let state = typeof seed === "number" ? seed >>> 0 : seed === undefined ? randomInt(2 ** 32) : fnv1a(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
