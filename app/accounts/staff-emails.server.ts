// The emails carrying an invite's or a reset's one-time link, rendered for the send_email task from
// the invite and the token in the job's payload (the database keeps only the token's hash).
import { sql } from "~/lib/db.server";
import type { RenderedEmail } from "~/lib/email.server";
import { shopName } from "~/fulfillment/shop.server";

export const STAFF_TEMPLATES = ["staff_invite", "staff_reset"] as const;

export function isStaffTemplate(template: string): template is (typeof STAFF_TEMPLATES)[number] {
  return (STAFF_TEMPLATES as readonly string[]).includes(template);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function inviteUrl(shopUrl: string, token: string): string {
  return `${shopUrl.replace(/\/$/, "")}/admin/invite/${encodeURIComponent(token)}`;
}

/** The email, and the copy the outbox keeps once SMTP has it (the link left out: it opens an account). */
export async function renderStaffEmail(inviteId: number, token: string, shopUrl: string): Promise<RenderedEmail & { kept: RenderedEmail }> {
  const [invite] = await sql<{ kind: "invite" | "reset"; expiresAt: Date; invitedBy: string | null }[]>`
    select i.kind, i.expires_at as "expiresAt", nullif(coalesce(nullif(a.name, ''), a.email), '') as "invitedBy"
      from staff_invites i left join admin_users a on a.id = i.invited_by where i.id = ${inviteId}`;
  if (!invite) throw new Error(`staff invite ${inviteId} not found`);
  const shop = await shopName();
  const hours = Math.max(1, Math.round((invite.expiresAt.getTime() - Date.now()) / 3_600_000));
  const subject = invite.kind === "invite" ? `You're invited to ${shop}'s admin` : `Set a new password for ${shop}'s admin`;
  const opening = invite.kind === "invite"
    ? `${invite.invitedBy ?? "An owner"} invited you to run ${shop}'s online orders with them.`
    : `${invite.invitedBy ?? "An owner"} reset your ${shop} admin account: your old password and two-factor set-up no longer work.`;
  const action = invite.kind === "invite" ? "Accept the invite and choose a password" : "Choose a new password";
  const closing = `The link works once, within ${hours} hours. If you did not expect this email, ignore it.`;
  const render = (link: string | null): RenderedEmail => ({
    subject,
    text: `${opening}\n\n${action}: ${link ?? "(the link was in the email sent)"}\n\n${closing}\n`,
    html: `<p>${escapeHtml(opening)}</p>\n<p>${link ? `<a href="${escapeHtml(link)}">${escapeHtml(action)}</a>` : `${escapeHtml(action)}: (the link was in the email sent)`}</p>\n<p>${escapeHtml(closing)}</p>`,
  });
  return { ...render(inviteUrl(shopUrl, token)), kept: render(null) };
}
