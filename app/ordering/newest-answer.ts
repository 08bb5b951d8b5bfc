// Checkout has two sources of answers: the form's own submission (useActionData: "Apply", Enter in
// the promo field, Place order) and the background re-pricing (a fetcher, as choices change). The
// page shows whichever arrived last, and the last quote either brought: preferring one source
// always left a stale total on screen (issue 15: a tip, then Enter in the promo field).
import { useRef } from "react";

export function useNewestAnswer<Quote, Answer extends { quote?: Quote }>(
  formAnswer: Answer | undefined, backgroundAnswer: Answer | undefined, initialQuote: Quote | null,
): { newest: Answer | undefined; fromBackground: boolean; quote: Quote | null } {
  const seen = useRef({
    form: undefined as Answer | undefined,
    background: undefined as Answer | undefined,
    newest: undefined as Answer | undefined,
    fromBackground: false,
    quote: initialQuote,
  });
  const state = seen.current;
  // An answer object is new exactly when its identity changes; re-renders keep the same objects.
  if (backgroundAnswer !== state.background) {
    state.background = backgroundAnswer;
    if (backgroundAnswer) Object.assign(state, { newest: backgroundAnswer, fromBackground: true, quote: backgroundAnswer.quote ?? state.quote });
  }
  if (formAnswer !== state.form) {
    state.form = formAnswer;
    if (formAnswer) Object.assign(state, { newest: formAnswer, fromBackground: false, quote: formAnswer.quote ?? state.quote });
  }
  return { newest: state.newest, fromBackground: state.fromBackground, quote: state.quote };
}
