// postgres.js type options shared by the app, scripts and tests.

// Ids and cents are bigint in the schema; as JavaScript numbers they stay exact far beyond any
// shop's scale and serialise to JSON for loaders.
export const bigintAsNumber = {
  bigint: {
    to: 20,
    from: [20],
    serialize: (value: number) => String(value),
    parse: (value: string) => Number(value),
  },
};
