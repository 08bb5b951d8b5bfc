// The bar above a printable page (hidden on paper): print, the paper size, the number of bags, back.
// Print opens the browser's dialog with JavaScript; without it, the browser's own Print does the same.
// Opened with ?autoprint=1 (the board's "print a ticket when I accept"), the dialog opens by itself,
// once: the parameter is taken off the address so a reload does not print again.
import { Form, Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { Paper } from "~/kitchen/print";

export function PrintControls({ back, backLabel = "Back to the order", paper, bags, label, keep = {} }: {
  back: string; backLabel?: string; paper: Paper; bags?: number; label: string;
  /** The page's other query parameters, kept when the paper or bag count changes. */
  keep?: Record<string, string>;
}) {
  const [scripted, setScripted] = useState(false);
  useEffect(() => {
    setScripted(true);
    const url = new URL(window.location.href);
    if (url.searchParams.get("autoprint") !== "1") return;
    url.searchParams.delete("autoprint");
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
    window.print();
  }, []);
  return (
    <div className="print-controls no-print">
      {scripted ? <button type="button" onClick={() => window.print()}>Print {label}</button> : <p>Use your browser's Print to print this {label}.</p>}
      <Form method="get" className="inline-form">
        {Object.entries(keep).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
        <label>
          Paper{" "}
          <select name="paper" defaultValue={paper}>
            <option value="80mm">80 mm receipt roll</option>
            <option value="page">A4 / Letter</option>
          </select>
        </label>
        {bags !== undefined ? (
          <label>
            Bags <input type="number" name="bags" min={1} max={20} defaultValue={bags} />
          </label>
        ) : null}
        <button type="submit" className="secondary">Show</button>
      </Form>
      <Link to={back}>{backLabel}</Link>
    </div>
  );
}
