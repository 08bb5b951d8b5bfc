// The one password policy of the admin, for every way a password is set: accepting an invite or a
// reset link, changing one's own, `npm run admin:create`, the development admin. Same scrypt hash
// as before (password.server.ts); this decides only which passwords are accepted.
import { COMMON_PASSWORDS } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

const common = new Set(COMMON_PASSWORDS.map(squash));

/** Lower case without spaces, dashes, dots and other separators: "Correct Horse" and "correct-horse" are one. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

export interface PasswordContext {
  /** The account's email: its name before the @ must not be the password's heart. */
  email?: string | null;
  /** The shop's name, the first thing a guesser tries. */
  shopName?: string | null;
}

/** Why `password` is refused, in a sentence for the form; null when it is accepted. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters (a few words together are easy to remember).`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (new Set(password).size === 1) return "Use more than one character over and over.";
  const squashed = squash(password);
  if (/^\d*$/.test(squashed)) return "Use letters too, not only digits and symbols.";
  // A common password, or one with digits or symbols added before or after ("password123456").
  const heart = squash(password.replace(/^[\d\W_]+|[\d\W_]+$/gu, ""));
  if (common.has(squashed) || common.has(heart)) return "That password is one of the most common ones; choose another.";
  // The email's name or the shop's name with a little around it ("masaandco2024") is guessed early.
  for (const word of [context.email?.split("@")[0], context.shopName]) {
    const name = squash(word ?? "");
    if (name.length >= 3 && squashed.includes(name) && squashed.replaceAll(name, "").length < 8) {
      return "Don't build the password around your email address or the shop's name.";
    }
  }
  return null;
}
