// The audit log: every admin action that changes the shop, with who, when, before/after, request id
// and IP. Rows are only ever added (a trigger refuses changes); write them in the same transaction as
// the change they describe.
import type { JSONValue, TransactionSql } from "postgres";
import type { AdminUser } from "~/accounts/auth.server";
import { sql, type Sql } from "~/lib/db.server";

export interface AuditContext {
  admin: AdminUser;
  requestId: string;
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string | number;
  before?: JSONValue;
  after?: JSONValue;
}

export async function recordAudit(db: Sql | TransactionSql<{ bigint: number }>, context: AuditContext, entry: AuditEntry) {
  await db`
    insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
    values (${context.admin.id}, ${context.admin.email}, ${entry.action}, ${entry.subjectType}, ${String(entry.subjectId)},
            ${entry.before === undefined ? null : db.json(entry.before)}, ${entry.after === undefined ? null : db.json(entry.after)},
            ${context.requestId}, ${context.ip})`;
}

export interface AuditRow {
  id: number;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  createdAt: Date;
}

export function listAudit({ limit = 100, before }: { limit?: number; before?: number } = {}) {
  return sql<AuditRow[]>`
    select id, actor, action, subject_type as "subjectType", subject_id as "subjectId", before, after,
           request_id as "requestId", host(ip) as ip, created_at as "createdAt"
      from audit_log
     where ${before ? sql`id < ${before}` : sql`true`}
     order by id desc limit ${limit}`;
}
