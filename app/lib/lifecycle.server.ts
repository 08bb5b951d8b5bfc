// Whether this process is shutting down; shared by every copy of the module (server.ts and the
// Remix build both load it), so /readyz can say "stopping" while in-flight work finishes.

declare global {
  var __larderStopping: boolean | undefined;
}

export function markStopping() {
  globalThis.__larderStopping = true;
}

export function isStopping(): boolean {
  return globalThis.__larderStopping === true;
}
