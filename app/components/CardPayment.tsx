// The in-page card form (Square's Web Payments SDK), added on top of a plain form: with JavaScript
// and the SDK loaded, submitting first turns the card into a one-time token (sent as `sourceId`);
// without them the form submits as it is and payment happens on Square's hosted checkout.
import { useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";

export interface WebPaymentsConfig {
  scriptUrl: string;
  applicationId: string;
  locationId: string;
}

interface SquareCard {
  attach(target: string | HTMLElement): Promise<void>;
  tokenize(): Promise<{ status: string; token?: string; errors?: { message: string }[] }>;
  destroy(): Promise<void>;
}

declare global {
  interface Window {
    Square?: { payments(applicationId: string, locationId: string): { card(): Promise<SquareCard> } };
  }
}

const scripts = new Map<string, Promise<void>>();

function loadScript(url: string): Promise<void> {
  let loading = scripts.get(url);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.append(script);
    });
    scripts.set(url, loading);
  }
  return loading;
}

// "off" until hydrated: the server-rendered page (and a browser without JavaScript) shows no card form.
type CardState = "off" | "loading" | "ready" | "unavailable";

/**
 * Attaches the card form to `containerRef` and returns a submit handler for the surrounding form.
 * With `validateFormOnCardError`, a card that cannot be tokenized still sends the rest of the form
 * with `validateOnly=1`, so the server's own checks show every field's error at once.
 */
export function useCardPayment(config: WebPaymentsConfig, { validateFormOnCardError = false } = {}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const cardRef = useRef<SquareCard | null>(null);
  const [state, setState] = useState<CardState>("off");
  const [error, setError] = useState<string | null>(null);
  const [tokenizing, setTokenizing] = useState(false);
  const submit = useSubmit();

  useEffect(() => {
    let cancelled = false;
    setState("loading");
    (async () => {
      try {
        await loadScript(config.scriptUrl);
        if (!window.Square || !containerRef.current) throw new Error("Square's payment form is missing");
        const card = await window.Square.payments(config.applicationId, config.locationId).card();
        if (cancelled) return void card.destroy();
        await card.attach(containerRef.current);
        cardRef.current = card;
        setState("ready");
      } catch {
        if (!cancelled) setState("unavailable");
      }
    })();
    return () => {
      cancelled = true;
      void cardRef.current?.destroy();
      cardRef.current = null;
    };
  }, [config.scriptUrl, config.applicationId, config.locationId]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    const card = cardRef.current;
    // No card form: let the browser submit; the server sends the customer to hosted checkout.
    if (state !== "ready" || !card) return;
    // Another button of the form (such as "Update total") sends the form without paying.
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    if (submitter?.getAttribute("name") === "intent" && submitter.getAttribute("value") !== "place") return;
    event.preventDefault();
    const form = event.currentTarget;
    setError(null);
    setTokenizing(true);
    try {
      const result = await card.tokenize();
      const formData = new FormData(form);
      const action = form.getAttribute("action") ?? undefined;
      if (result.status !== "OK" || !result.token) {
        setError(result.errors?.map((problem) => problem.message).join(" ") || "Check your card details.");
        if (validateFormOnCardError) {
          formData.set("validateOnly", "1");
          submit(formData, { method: "post", action });
        }
        return;
      }
      formData.set("sourceId", result.token);
      submit(formData, { method: "post", action });
    } finally {
      setTokenizing(false);
    }
  }

  return { containerRef, state, error, tokenizing, onSubmit };
}

export function CardFields({ card }: { card: ReturnType<typeof useCardPayment> }) {
  // One container element for the component's whole life: the SDK attaches into it once.
  return (
    <fieldset className="card-payment" hidden={card.state === "off"}>
      <legend>Card</legend>
      <div ref={card.containerRef} className="card-container" />
      {card.state === "loading" ? <p className="hint">Loading the secure card form…</p> : null}
      {card.state === "unavailable" ? <p className="hint">You will enter your card on Square's secure checkout page.</p> : null}
      {card.error ? <p className="field-error" role="alert">{card.error}</p> : null}
    </fieldset>
  );
}
