// Errors the database raises for the customer (SQLSTATE LR404/LR409/LR422, see the ordering
// functions migration; LR429 "too many", with the seconds to wait in DETAIL), recognised so actions
// can answer 4xx with the message instead of a 500.

export interface ShopError {
  /** 503: a service the change needs (Square) did not answer; refusals from the database are 4xx. */
  status: 404 | 409 | 422 | 429 | 503;
  message: string;
  field?: string;
  /** With 429: the seconds after which trying again can succeed (the Retry-After header). */
  retryAfterSeconds?: number;
}

const statusByCode = { LR404: 404, LR409: 409, LR422: 422, LR429: 429 } as const;

export function isShopError(error: unknown): ShopError | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, message, column_name, detail } = error as { code?: string; message?: string; column_name?: string; detail?: string };
  if (!code || !(code in statusByCode)) return null;
  const status = statusByCode[code as keyof typeof statusByCode];
  return {
    status,
    message: message ?? "Something about this request could not be done.",
    field: column_name || undefined,
    ...(status === 429 ? { retryAfterSeconds: Math.max(1, Number.parseInt(detail ?? "", 10) || 60) } : {}),
  };
}
