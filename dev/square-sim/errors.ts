// Square's error envelope, thrown by handlers and turned into `{ errors: [...] }` responses by the router.
import type { SquareErrorDetail } from "./types";

export class SquareApiError extends Error {
  constructor(readonly status: number, readonly errors: SquareErrorDetail[]) {
    super(errors.map((error) => error.detail).join("; "));
  }
}

export function unauthorized(detail: string): SquareApiError {
  return new SquareApiError(401, [{ category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED", detail }]);
}

export function notFound(detail: string): SquareApiError {
  return new SquareApiError(404, [{ category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail }]);
}

export function badRequest(code: string, detail: string, field?: string): SquareApiError {
  return new SquareApiError(400, [{ category: "INVALID_REQUEST_ERROR", code, detail, ...(field ? { field } : {}) }]);
}
