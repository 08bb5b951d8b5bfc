// A thin bar along the top of the page while a navigation (a link, a form) takes longer than 300 ms,
// so a slow page shows it is coming. Quick ones never flash it. With JavaScript off the browser
// navigates itself and shows its own progress: this renders nothing on the server.
import { useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";

export const PROGRESS_DELAY_MS = 300;

export function NavigationProgress() {
  const busy = useNavigation().state !== "idle";
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!busy) {
      setShown(false);
      return;
    }
    const timer = setTimeout(() => setShown(true), PROGRESS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [busy]);
  if (!shown) return null;
  return <div className="navigation-progress" role="progressbar" aria-label="Loading the next page" aria-valuetext="Loading…" />;
}
