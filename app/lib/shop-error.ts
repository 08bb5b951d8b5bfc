// Errors the database raises for the customer (SQLSTATE LR404/LR409/LR422, see the ordering
// functions migration), recognised so actions can answer 4xx with the message instead of a 500.

export interface ShopError {
  /** 503: a service the change needs (Square) did not answer; refusals from the database are 4xx. */
  status: 404 | 409 | 422 | 503;
  message: string;
  field?: string;
}

const statusByCode = { LR404: 404, LR409: 409, LR422: 422 } as const;

export function isShopError(error: unknown): ShopError | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, message, column_name } = error as { code?: string; message?: string; column_name?: string };
  if (!code || !(code in statusByCode)) return null;
  return {
    status: statusByCode[code as keyof typeof statusByCode],
    message: message ?? "Something about this request could not be done.",
    field: column_name || undefined,
  };
}
