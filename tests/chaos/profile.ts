// Chaos suite sizes: a fast profile inside `npm test`, the full one with `npm run test:chaos`.
export const longProfile = process.env.CHAOS_PROFILE === "long";
