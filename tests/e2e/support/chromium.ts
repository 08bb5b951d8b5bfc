// Which Chromium to drive: CHROMIUM_PATH, else the `chromium` on PATH (Debian's package).
import { accessSync, constants } from "node:fs";
import path from "node:path";

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of ["chromium", "chromium-browser"]) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new Error("No Chromium found: install Debian's `chromium` package or set CHROMIUM_PATH.");
}
