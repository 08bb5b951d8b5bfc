// CreatePayment's `source_id`: single-use tokens from the Web Payments tokenizer, or Square's reusable sandbox nonces.
import { type CardInput, type CardOutcome, cardOutcome, sandboxNonce } from "./cards";
import type { SimContext } from "./context";
import { badRequest } from "./errors";
import { newCardToken } from "./ids";
import type { CardToken } from "./state";
import type { DigitalWallet } from "./types";

export interface PaymentSource {
  card: CardInput;
  outcome: CardOutcome;
  /** The buyer was verified when the card was tokenized (Square's SCA flow); sandbox nonces never are. */
  verified: boolean;
  /** Set for a tokenizer token, which the payment consumes. */
  token?: CardToken;
  /** The digital wallet the card came from (Apple Pay, Google Pay). */
  wallet?: DigitalWallet;
}

export function issueCardToken(sim: SimContext, card: CardInput, verified = false, wallet?: DigitalWallet): string {
  const token = newCardToken();
  sim.state.cardTokens.set(token, { card, outcome: cardOutcome(card.number), verified, ...(wallet ? { wallet } : {}) });
  return token;
}

/** 400 NOT_FOUND for an unknown source, 400 CARD_TOKEN_USED for a token another payment already used. */
export function resolveSource(sim: SimContext, sourceId: string, now: Date): PaymentSource {
  const nonce = sandboxNonce(sourceId, now);
  if (nonce) return { ...nonce, verified: false };
  const token = sim.state.cardTokens.get(sourceId);
  if (!token) {
    throw badRequest(
      "NOT_FOUND",
      "Card nonce not found in this simulator: use a token from its Web Payments tokenizer or a sandbox nonce.",
      "source_id"
    );
  }
  if (token.usedBy)
    throw badRequest("CARD_TOKEN_USED", "Card nonce already used; please request new nonce.", "source_id");
  return { card: token.card, outcome: token.outcome, verified: token.verified === true, token, wallet: token.wallet };
}
