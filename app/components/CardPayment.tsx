// The in-page card form (Square's Web Payments SDK), added on top of a plain form: with JavaScript
// and the SDK loaded, submitting first turns the card into a one-time token (sent as `sourceId`);
// without them the form submits as it is and payment happens on Square's hosted checkout. The page
// says what is being charged and to whom, and tokenize() gets them as verification details, so
// Square can run SCA / 3-D Secure where the buyer's bank asks for it.
import { useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";

export interface WebPaymentsConfig {
  scriptUrl: string;
  applicationId: string;
  locationId: string;
}

/** Square's ChargeCardVerificationDetails: what tokenize() needs to verify the buyer (SCA / 3-D Secure). */
export interface ChargeVerificationDetails {
  amount: string;
  currencyCode: string;
  intent: "CHARGE";
  billingContact: BillingContact;
  customerInitiated: true;
  sellerKeyedIn: false;
}

export interface BillingContact {
  givenName?: string;
  familyName?: string;
  email?: string;
  phone?: string;
  addressLines?: string[];
  city?: string;
  postalCode?: string;
  countryCode?: string;
}

/** What the page knows at submit time about the charge: its amount and who is paying. */
export interface ChargeToVerify {
  amountCents: number;
  currency: string;
  contact: BillingContact;
}

interface SquareCard {
  attach(target: string | HTMLElement): Promise<void>;
  tokenize(verificationDetails?: ChargeVerificationDetails): Promise<{
    status: string;
    token?: string;
    /** Only from SDK versions that verify in a separate step; newer tokens carry the verification. */
    verificationToken?: string;
    errors?: { message: string }[];
  }>;
  destroy(): Promise<void>;
}

export function chargeVerificationDetails(charge: ChargeToVerify): ChargeVerificationDetails {
  return {
    amount: (charge.amountCents / 100).toFixed(2),
    currencyCode: charge.currency,
    intent: "CHARGE",
    billingContact: charge.contact,
    customerInitiated: true,
    sellerKeyedIn: false,
  };
}

/** A billing contact from a full name as the customer typed it ("Ada King Lovelace": given "Ada King", family "Lovelace"). */
export function contactFromName(name: string, rest: Omit<BillingContact, "givenName" | "familyName">): BillingContact {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const familyName = words.length > 1 ? words.pop() : undefined;
  const contact: BillingContact = { ...rest, givenName: words.join(" ") || undefined, familyName };
  return Object.fromEntries(Object.entries(contact).filter(([, value]) => value !== undefined && value !== "" && !(Array.isArray(value) && value.length === 0))) as BillingContact;
}

/** A digital wallet (Apple Pay, Google Pay): tokenize() opens its payment sheet; Google Pay renders its button with attach(). */
export interface SquareWallet {
  attach?(target: string | HTMLElement, options?: { buttonColor?: string; buttonSizeMode?: string; buttonType?: string }): Promise<void>;
  tokenize(): Promise<{ status: string; token?: string; errors?: { message: string }[] }>;
  destroy(): Promise<boolean | void>;
}

/** What `Square.payments(applicationId, locationId)` returns. */
export interface SquarePayments {
  card(): Promise<SquareCard>;
  paymentRequest(options: object): object;
  applePay(paymentRequest: object): Promise<SquareWallet>;
  googlePay(paymentRequest: object): Promise<SquareWallet>;
}

declare global {
  interface Window {
    Square?: { payments(applicationId: string, locationId: string): SquarePayments };
  }
}

const scripts = new Map<string, Promise<void>>();

/** Loads Square's SDK once per page, whichever payment method asks first. */
export function loadScript(url: string): Promise<void> {
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
export function useCardPayment(
  config: WebPaymentsConfig,
  options: { validateFormOnCardError?: boolean; verify?: (form: HTMLFormElement) => ChargeToVerify | null } = {},
) {
  const { validateFormOnCardError = false } = options;
  // Read at submit time: the charge (a re-priced total, the name typed) is the page's latest.
  const verifyRef = useRef(options.verify);
  verifyRef.current = options.verify;
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
      const charge = verifyRef.current?.(form) ?? null;
      const result = await card.tokenize(charge ? chargeVerificationDetails(charge) : undefined);
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
      if (result.verificationToken) formData.set("verificationToken", result.verificationToken);
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
