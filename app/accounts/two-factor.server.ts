// Two-factor sign-in for admin accounts: TOTP (RFC 6238, 6 digits, 30 s, through `otpauth`) and
// ten recovery codes. The secret is kept encrypted (AES-256-GCM, key derived from SESSION_SECRET)
// and never logged; recovery codes are kept as SHA-256 hashes (they are random, so no slow hash is
// needed) and shown once. A code's time step is spent in SQL, so it works once even at once.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { shopName } from "~/fulfillment/shop.server";
import type { AuditContext } from "~/ops/audit.server";

const PERIOD_SECONDS = 30;
const RECOVERY_CODES = 10;

const key = Buffer.from(hkdfSync("sha256", env.sessionSecret, "larder", "admin totp secret", 32));

export function encryptSecret(base32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(base32, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), sealed.toString("base64")].join(".");
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, sealed] = stored.split(".");
  if (version !== "v1" || !iv || !tag || !sealed) throw new Error("not an encrypted two-factor secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(sealed, "base64")), decipher.final()]).toString("utf8");
}

function totp(base32: string, label = "", issuer = "") {
  return new OTPAuth.TOTP({ issuer, label, algorithm: "SHA1", digits: 6, period: PERIOD_SECONDS, secret: OTPAuth.Secret.fromBase32(base32) });
}

/** The time step a code belongs to (this one, the one before or after, for clocks a little off), or null. */
export function stepOfCode(base32: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(base32).validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

export function hashRecoveryCode(code: string): Buffer {
  return createHash("sha256").update(code.trim().toLowerCase().replace(/[\s-]/g, "")).digest();
}

function newRecoveryCode(): string {
  const letters = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => letters[byte % letters.length]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

export interface Enrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

/** Starts (or restarts) setting up two-factor: a new secret, kept pending until a code proves it. */
export async function startEnrolment(adminUserId: number): Promise<void> {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const [row] = await sql`
    update admin_users set totp_pending_secret = ${encryptSecret(secret)}
     where id = ${adminUserId} and totp_enabled_at is null and deactivated_at is null returning id`;
  if (!row) throw Object.assign(new Error("Two-factor sign-in is already on."), { code: "LR409" });
}

/** What the account page shows while setting up: the otpauth:// link, the secret as text, a QR code. */
export async function pendingEnrolment(adminUserId: number, email: string): Promise<Enrolment | null> {
  const [row] = await sql<{ pending: string | null }[]>`
    select totp_pending_secret as pending from admin_users where id = ${adminUserId} and totp_enabled_at is null`;
  if (!row?.pending) return null;
  const secret = decryptSecret(row.pending);
  const uri = totp(secret, email, await shopName()).toString();
  // qrcode is loaded only here, when an owner enrols (docs/decisions/022).
  const { default: QRCode } = await import("qrcode");
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret: secret.replace(/(.{4})/g, "$1 ").trim(), uri, qrSvg };
}

export type ConfirmOutcome = { ok: true; recoveryCodes: string[] } | { ok: false; message: string };

/** Turns two-factor on when `code` is right for the pending secret; the recovery codes are returned once. */
export async function confirmEnrolment(adminUserId: number, code: string, audit: Pick<AuditContext, "requestId" | "ip">): Promise<ConfirmOutcome> {
  const [row] = await sql<{ pending: string | null }[]>`
    select totp_pending_secret as pending from admin_users where id = ${adminUserId} and totp_enabled_at is null`;
  if (!row?.pending) return { ok: false, message: "Start setting up two-factor again: this set-up is no longer open." };
  const step = stepOfCode(decryptSecret(row.pending), code);
  if (step === null) return { ok: false, message: "That code is not the one your app shows now. Check the app's clock, or try the next code." };
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  const hashes = recoveryCodes.map((recoveryCode) => hashRecoveryCode(recoveryCode).toString("hex"));
  await sql`
    select enable_two_factor(${adminUserId}, ${step}, (select array_agg(decode(h, 'hex')) from unnest(${hashes}::text[]) h),
                             ${audit.requestId}, ${audit.ip})`;
  return { ok: true, recoveryCodes };
}

export async function disableTwoFactor(adminUserId: number, audit: Pick<AuditContext, "requestId" | "ip">): Promise<void> {
  await sql`select disable_two_factor(${adminUserId}, ${audit.requestId}, ${audit.ip})`;
}

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(adminUserId: number): Promise<TwoFactorStatus> {
  const [row] = await sql<TwoFactorStatus[]>`
    select a.totp_enabled_at is not null as enabled,
           (select count(*)::int from admin_recovery_codes c where c.admin_user_id = a.id and c.used_at is null) as "recoveryCodesLeft"
      from admin_users a where a.id = ${adminUserId}`;
  return row ?? { enabled: false, recoveryCodesLeft: 0 };
}

/**
 * Checks a sign-in's second factor: a 6-digit code from the app (its time step then spent, so the
 * same code cannot be used twice) or a recovery code (spent too). True when it opens the account.
 */
export async function verifySecondFactor(adminUserId: number, code: string, now = Date.now()): Promise<boolean> {
  const token = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(token)) {
    const [row] = await sql<{ secret: string | null }[]>`
      select totp_secret as secret from admin_users where id = ${adminUserId} and deactivated_at is null`;
    if (!row?.secret) return false;
    const step = stepOfCode(decryptSecret(row.secret), token, now);
    if (step === null) return false;
    const [{ spent }] = await sql<{ spent: boolean }[]>`select use_totp_step(${adminUserId}, ${step}) as spent`;
    return spent;
  }
  if (!/^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(token)) return false;
  const [{ spent }] = await sql<{ spent: boolean }[]>`select use_recovery_code(${adminUserId}, ${hashRecoveryCode(token)}) as spent`;
  return spent;
}

export async function hasTwoFactor(adminUserId: number): Promise<boolean> {
  const [row] = await sql<{ on: boolean }[]>`select totp_enabled_at is not null as on from admin_users where id = ${adminUserId}`;
  return row?.on ?? false;
}

export async function twoFactorRequired(): Promise<boolean> {
  const [{ required }] = await sql<{ required: boolean }[]>`select two_factor_required() as required`;
  return required;
}

export async function setTwoFactorRequired(required: boolean, audit: AuditContext): Promise<void> {
  await sql`select set_two_factor_required(${required}, ${audit.admin.id}, ${audit.requestId}, ${audit.ip})`;
}
