// "Print a ticket when I accept an order": a per-device setting of the board (localStorage, like mute).
// With it on, Accept opens the order's ticket page with ?autoprint=1, which opens the print dialog (or,
// in a kiosk browser started with --kiosk-printing, prints at once). The window is opened inside the
// click itself: a popup blocker lets a window through only from the user's own gesture.
import { useEffect, useState } from "react";

const SETTING = "larder.board.printOnAccept";

export function ticketUrl(orderNumber: number): string {
  return `/admin/orders/${orderNumber}/ticket?autoprint=1`;
}

export function usePrintOnAccept() {
  const [printOnAccept, setPrintOnAccept] = useState(false);
  useEffect(() => setPrintOnAccept(window.localStorage.getItem(SETTING) === "1"), []);
  return {
    printOnAccept,
    setPrintOnAccept(on: boolean) {
      window.localStorage.setItem(SETTING, on ? "1" : "0");
      setPrintOnAccept(on);
    },
    /** Call from the Accept button's click handler (not later: the popup blocker would stop it). */
    accepted(orderNumber: number) {
      if (printOnAccept) window.open(ticketUrl(orderNumber), `larder-ticket-${orderNumber}`);
    },
  };
}
