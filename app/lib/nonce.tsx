// The request's CSP nonce, for the inline scripts Remix writes (<Scripts>, <ScrollRestoration>).
// Only the server knows it; in the browser the attribute is hidden and the value is empty.
import { createContext, useContext, type ReactNode } from "react";

const NonceContext = createContext<string | undefined>(undefined);

export function NonceProvider({ nonce, children }: { nonce: string | undefined; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
