// Where a sign-in may send the browser next (pure: no server modules, so it is unit-tested alone).
// Only same-site paths under /admin, so a crafted link cannot send a fresh sign-in elsewhere; and
// no control characters or backslashes: CR/LF in a Location header would split it (a 500 from
// Node, or an injected header), and browsers read "\" as "/".
export function safeRedirect(to: string | null | undefined): string {
  if (!to || !to.startsWith("/admin") || to.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(to)) return "/admin";
  return to;
}
