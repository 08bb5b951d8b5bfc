// Liveness: the process answers. No I/O, so a slow database never gets the machine restarted.
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
