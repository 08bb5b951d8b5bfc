// Apple Pay and Google Pay on the order's page, through Square's Web Payments SDK: each button is
// shown only once the SDK has said the buyer's browser can pay with that wallet (applePay() and
// googlePay() reject otherwise, and the button stays hidden). The wallet's token is paid through
// the same action, and so the same CreatePayment path, as the card form's. Without JavaScript there
// are no buttons: the page's own Pay button leads to Square's hosted checkout.
import { useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { WalletPaymentRequest } from "~/payments/wallet-payment-request";
import { loadScript, type SquareWallet, type WebPaymentsConfig } from "./CardPayment";

type Offer = "off" | "ready" | "unavailable";

const WALLET_LABELS = { applePay: "Apple Pay", googlePay: "Google Pay" } as const;
type WalletName = keyof typeof WALLET_LABELS;

export function WalletButtons({ config, paymentRequest, busy }: { config: WebPaymentsConfig; paymentRequest: WalletPaymentRequest; busy: boolean }) {
  const submit = useSubmit();
  const googlePayRef = useRef<HTMLDivElement>(null);
  const wallets = useRef<Partial<Record<WalletName, SquareWallet>>>({});
  const [offers, setOffers] = useState<Record<WalletName, Offer>>({ applePay: "off", googlePay: "off" });
  const [error, setError] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  // The request changes only when the order's total does; an effect keyed on its text re-creates the wallets then.
  const requestKey = JSON.stringify(paymentRequest);

  async function pay(name: WalletName) {
    const wallet = wallets.current[name];
    if (!wallet || busy || paying) return;
    setError(null);
    // tokenize() first, before any await: the wallet's sheet may only open in answer to the click.
    const tokenizing = wallet.tokenize();
    setPaying(true);
    try {
      const result = await tokenizing;
      if (result.status === "OK" && result.token) {
        submit({ intent: "pay", sourceId: result.token }, { method: "post" });
      } else if (result.status !== "Cancel") {
        setError(result.errors?.map((problem) => problem.message).join(" ") || `${WALLET_LABELS[name]} could not take the payment. Try again, or pay by card.`);
      }
    } catch {
      setError(`${WALLET_LABELS[name]} could not take the payment. Try again, or pay by card.`);
    } finally {
      setPaying(false);
    }
  }
  const payRef = useRef(pay);
  payRef.current = pay;

  useEffect(() => {
    let cancelled = false;
    const request = JSON.parse(requestKey) as WalletPaymentRequest;
    const container = googlePayRef.current;
    const onGooglePayClick = () => void payRef.current("googlePay");
    const offer = (name: WalletName, value: Offer) => {
      if (!cancelled) setOffers((current) => ({ ...current, [name]: value }));
    };
    (async () => {
      try {
        await loadScript(config.scriptUrl);
        if (!window.Square) throw new Error("Square's SDK is missing");
        const payments = window.Square.payments(config.applicationId, config.locationId);
        const squareRequest = payments.paymentRequest(request);
        await Promise.all([
          payments.applePay(squareRequest).then(
            (applePay) => {
              if (cancelled) return void applePay.destroy();
              wallets.current.applePay = applePay;
              offer("applePay", "ready");
            },
            () => offer("applePay", "unavailable"),
          ),
          payments.googlePay(squareRequest).then(
            async (googlePay) => {
              if (cancelled || !container) return void googlePay.destroy();
              await googlePay.attach?.(container, { buttonColor: "black", buttonSizeMode: "fill", buttonType: "long" });
              container.addEventListener("click", onGooglePayClick);
              wallets.current.googlePay = googlePay;
              offer("googlePay", "ready");
            },
          ).catch(() => offer("googlePay", "unavailable")),
        ]);
      } catch {
        offer("applePay", "unavailable");
        offer("googlePay", "unavailable");
      }
    })();
    return () => {
      cancelled = true;
      container?.removeEventListener("click", onGooglePayClick);
      for (const wallet of Object.values(wallets.current)) void wallet?.destroy();
      wallets.current = {};
      setOffers({ applePay: "off", googlePay: "off" });
    };
  }, [config.scriptUrl, config.applicationId, config.locationId, requestKey]);

  const anyReady = offers.applePay === "ready" || offers.googlePay === "ready";
  return (
    <div className="wallet-payment" hidden={!anyReady} role="group" aria-label="Pay with a wallet">
      {offers.applePay === "ready" ? (
        <button type="button" className="apple-pay-button" lang="en" onClick={() => void pay("applePay")} disabled={busy || paying}>
          Apple Pay
        </button>
      ) : null}
      {/* One container for the component's whole life: Google Pay's button is rendered into it once. */}
      <div ref={googlePayRef} className="google-pay-button" hidden={offers.googlePay !== "ready"} />
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {anyReady ? <p className="hint">Or pay by card below.</p> : null}
    </div>
  );
}
