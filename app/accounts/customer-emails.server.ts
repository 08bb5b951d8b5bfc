// The email carrying a customer's sign-in code and link, rendered for the send_email task from the
// code's row and the code and token in the job's payload (the database keeps only their hashes).
import { sql } from "~/lib/db.server";
import type { RenderedEmail } from "~/lib/email.server";
import { shopName } from "~/fulfillment/shop.server";

export const CUSTOMER_SIGN_IN_TEMPLATE = "customer_sign_in";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function signInLinkUrl(shopUrl: string, token: string): string {
  return `${shopUrl.replace(/\/$/, "")}/account/link/${encodeURIComponent(token)}`;
}

/** The email, and the copy the outbox keeps once SMTP has it (code and link left out: they open the account). */
export async function renderCustomerSignIn(codeId: number, code: string, token: string, shopUrl: string): Promise<RenderedEmail & { kept: RenderedEmail }> {
  const [row] = await sql<{ expiresAt: Date }[]>`select expires_at as "expiresAt" from customer_sign_in_codes where id = ${codeId}`;
  if (!row) throw new Error(`sign-in code ${codeId} not found`);
  const shop = await shopName();
  const subject = `Your ${shop} sign-in code`;
  const closing = "The code and the link work once, for 10 minutes. If you did not ask to sign in, ignore this email: nobody can sign in without it.";
  const render = (shown: { code: string; link: string } | null): RenderedEmail => ({
    subject,
    text: `Your code to sign in to ${shop}: ${shown?.code ?? "(the code was in the email sent)"}\n\n`
      + `Or open this link to sign in: ${shown?.link ?? "(the link was in the email sent)"}\n\n${closing}\n`,
    html: `<p>Your code to sign in to ${escapeHtml(shop)}:</p>\n<p style="font-size:1.5em;letter-spacing:0.2em"><strong>${escapeHtml(shown?.code ?? "(the code was in the email sent)")}</strong></p>\n`
      + `<p>${shown ? `<a href="${escapeHtml(shown.link)}">Or sign in with this link</a>` : "Or sign in with the link: (the link was in the email sent)"}</p>\n<p>${escapeHtml(closing)}</p>`,
  });
  return { ...render({ code, link: signInLinkUrl(shopUrl, token) }), kept: render(null) };
}
