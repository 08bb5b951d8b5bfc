// Request validation with zod, reported as Square reports it: one error per problem, with a code and the field path.
import type { z } from "zod";
import { SquareApiError } from "./errors";
import type { SquareErrorDetail } from "./types";

const EXPECTED_CODES: Record<string, string> = {
  string: "EXPECTED_STRING",
  number: "EXPECTED_INTEGER",
  integer: "EXPECTED_INTEGER",
  boolean: "EXPECTED_BOOLEAN",
  object: "EXPECTED_OBJECT",
  array: "EXPECTED_ARRAY",
};

/** "order.line_items[0].quantity", the way Square names fields in errors. */
function fieldName(path: (string | number)[]): string {
  return path.reduce<string>(
    (name, segment) => (typeof segment === "number" ? `${name}[${segment}]` : name ? `${name}.${segment}` : segment),
    "",
  );
}

function toSquareError(issue: z.ZodIssue): SquareErrorDetail {
  const field = fieldName(issue.path);
  const error = (code: string, detail: string): SquareErrorDetail => ({
    category: "INVALID_REQUEST_ERROR",
    code,
    detail,
    ...(field ? { field } : {}),
  });
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined"
        ? error("MISSING_REQUIRED_PARAMETER", `Field must be set: \`${field}\`.`)
        : error(
            EXPECTED_CODES[issue.expected] ?? "INVALID_VALUE",
            `Expected ${issue.expected}, got ${issue.received}.`,
          );
    case "too_small":
      if (issue.type === "array")
        return error("ARRAY_EMPTY", `\`${field}\` needs at least ${issue.minimum} element(s).`);
      return error(issue.type === "string" ? "VALUE_TOO_SHORT" : "VALUE_TOO_LOW", issue.message);
    case "too_big":
      if (issue.type === "array") return error("ARRAY_LENGTH_TOO_LONG", issue.message);
      return error(issue.type === "string" ? "VALUE_TOO_LONG" : "VALUE_TOO_HIGH", issue.message);
    case "custom":
      return error(typeof issue.params?.code === "string" ? issue.params.code : "INVALID_VALUE", issue.message);
    default:
      return error("INVALID_VALUE", issue.message);
  }
}

/** Square treats `null` in a create request as "not set"; dropping nulls lets schemas use plain `.optional()`. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== null)
        .map(([key, inner]) => [key, dropNulls(inner)]),
    );
  }
  return value;
}

export function parseRequest<Schema extends z.ZodTypeAny>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new SquareApiError(400, result.error.issues.map(toSquareError));
}
