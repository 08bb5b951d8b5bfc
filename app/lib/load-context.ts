// Types the server and Remix share: what Express hands every loader and action, and the future
// flags (single fetch) that shape loader data.
import "@remix-run/server-runtime";
import "@remix-run/node";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    requestId: string;
    /** The client's address: Fly-Client-IP behind Fly, else the socket's; null when it is not an IP address (lib/client-ip.ts). */
    clientIp: string | null;
    /** This answer's Content-Security-Policy nonce (lib/security-headers.ts). */
    cspNonce?: string;
  }
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
