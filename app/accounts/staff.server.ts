// The owners' staff management (/admin/staff): invites and resets by one-time link, roles,
// deactivation; and the invite page's use of a link. The rules (who may, the last owner, one use)
// are in the SQL functions of db/functions/accounts/; this makes the tokens and hashes passwords.
import { randomBytes } from "node:crypto";
import type { TransactionSql } from "postgres";
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";
import type { AuditContext } from "~/ops/audit.server";
import { PasswordRefused, passwordRefusal, type AdminUser } from "./auth.server";
import { hashPassword } from "./password.server";

export interface StaffMember extends AdminUser {
  deactivatedAt: Date | null;
  twoFactor: boolean;
  lastLoginAt: Date | null;
}

export interface PendingInvite {
  id: number;
  email: string;
  role: "owner" | "staff";
  expiresAt: Date;
}

export async function listStaff(): Promise<{ members: StaffMember[]; invites: PendingInvite[] }> {
  const [members, invites] = await Promise.all([
    sql<StaffMember[]>`
      select id, email, name, role, deactivated_at as "deactivatedAt", totp_enabled_at is not null as "twoFactor",
             last_login_at as "lastLoginAt"
        from admin_users order by deactivated_at is not null, lower(email)`,
    sql<PendingInvite[]>`
      select id, email, role, expires_at as "expiresAt" from staff_invites
       where kind = 'invite' and accepted_at is null and expires_at > now() order by created_at desc`,
  ]);
  return { members, invites };
}

/** A link's token: 32 random bytes; the database keeps only its SHA-256. */
function newToken(): string {
  return randomBytes(32).toString("base64url");
}

async function change<T>(audit: AuditContext, run: (tx: TransactionSql<{ bigint: number }>) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    return run(tx);
  }) as Promise<T>;
}

export async function inviteStaff(email: string, role: "owner" | "staff", audit: AuditContext): Promise<void> {
  await change(audit, (tx) => tx`select invite_staff(${email}, ${role}, ${newToken()}, ${audit.admin.id}, ${audit.requestId}, ${audit.ip})`);
}

export async function resetStaffMember(adminUserId: number, audit: AuditContext): Promise<void> {
  await change(audit, (tx) => tx`select reset_staff_member(${adminUserId}, ${newToken()}, ${audit.admin.id}, ${audit.requestId}, ${audit.ip})`);
}

export async function setStaffRole(adminUserId: number, role: "owner" | "staff", audit: AuditContext): Promise<void> {
  await change(audit, (tx) => tx`select set_staff_role(${adminUserId}, ${role}, ${audit.admin.id}, ${audit.requestId}, ${audit.ip})`);
}

export async function deactivateStaffMember(adminUserId: number, audit: AuditContext): Promise<void> {
  await change(audit, (tx) => tx`select deactivate_staff_member(${adminUserId}, ${audit.admin.id}, ${audit.requestId}, ${audit.ip})`);
}

export interface InviteLink {
  kind: "invite" | "reset";
  email: string;
  /** open: can be used; the others say why not. */
  state: "open" | "used" | "expired";
}

/** What a link's page shows before it is used; null for a token we never sent. */
export async function findInviteLink(token: string): Promise<InviteLink | null> {
  const [row] = await sql<InviteLink[]>`
    select kind, email,
           case when accepted_at is not null then 'used' when expires_at <= now() then 'expired' else 'open' end as state
      from staff_invites where token_hash = sha256(convert_to(${token}, 'UTF8'))`;
  return row ?? null;
}

/** Uses a link: checks the password against the policy, then sets it (and, for an invite, makes the member). */
export async function acceptInvite(token: string, name: string, password: string, requestId: string): Promise<AdminUser> {
  const link = await findInviteLink(token);
  const problem = await passwordRefusal(password, link?.email ?? null);
  if (problem) throw new PasswordRefused(problem);
  const hash = await hashPassword(password);
  const [member] = await sql.begin(async (tx) => {
    await tagTransaction(tx, requestId);
    return tx<{ id: number; email: string; name: string; role: "owner" | "staff" }[]>`
      select admin_user_id as id, email, name, role from accept_staff_invite(${token}, ${hash}, ${name})`;
  });
  return member;
}
