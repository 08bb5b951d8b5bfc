// Types the server and Remix share: what Express hands every loader and action, and the future
// flags (single fetch) that shape loader data.
import "@remix-run/server-runtime";
import "@remix-run/node";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    requestId: string;
  }
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
