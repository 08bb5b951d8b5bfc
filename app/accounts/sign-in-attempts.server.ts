// Guessing passwords, bounded: sign-in attempts are limited per account (its email, lowercased)
// and per client address before any password is checked, a right password gives its attempt
// back (only failures count), and every failed sign-in is audit-logged, never with the password.
import { sql } from "~/lib/db.server";
import { giveBackAttempt, takeAttempt, type LimitKey } from "~/ops/rate-limit.server";

function keys(email: string, ip: string | null): LimitKey[] {
  return [{ limit: "sign_in_per_account", value: email }, { limit: "sign_in_per_ip", value: ip }];
}

/** Counts the attempt; a refusal (with the seconds to wait) when the account or address is over its limit. */
export function takeSignInAttempt(email: string, ip: string | null) {
  return takeAttempt(keys(email, ip));
}

/** The password was right (or was never checked): the attempt does not count against anyone. */
export function forgiveSignInAttempt(email: string, ip: string | null) {
  return giveBackAttempt(keys(email, ip));
}

/** Audits a refused sign-in: the account when there is one (else the email typed), the request and the address. */
export async function recordFailedSignIn(email: string, context: { requestId: string; ip: string | null }) {
  await sql`
    insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, after, request_id, ip)
    select a.id, 'sign-in form', 'admin.sign_in_failed', 'admin_user', a.id::text,
           jsonb_build_object('email', lower(${email}), 'reason', case when a.id is null then 'unknown_account' else 'wrong_password' end),
           ${context.requestId}, ${context.ip}
      from (select 1) one left join admin_users a on lower(a.email) = lower(${email})`;
}
