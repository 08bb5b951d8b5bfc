// Whether times should name their zone: always in the server's HTML (without JavaScript the page
// cannot know where the reader is), and with JavaScript only when the browser keeps another clock
// than the shop's, so a customer in Denver reads "12:40 PM CST" and one in Chicago "12:40 PM".
import { useEffect, useState } from "react";
import { sameClock } from "~/lib/time";

export function useZoneShown(shopTimeZone: string): boolean {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    setShown(!sameClock(Intl.DateTimeFormat().resolvedOptions().timeZone, shopTimeZone));
  }, [shopTimeZone]);
  return shown;
}
