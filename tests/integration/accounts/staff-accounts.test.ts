// Staff accounts on a real database: invites by one-time emailed link (expired and used links
// refused, two uses at once: one wins), roles and the last owner (guarded in SQL, two owners
// demoting each other at once), deactivation ending sessions, the admin session's idle timeout, and
// two-factor sign-in (enrol, a generated code, wrong and replayed codes refused, recovery codes once).
import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";
import { readReceivedEmails } from "../../support/smtp-sink";

let harness: AppHarness;
let auth: typeof import("~/accounts/auth.server");
let staff: typeof import("~/accounts/staff.server");
let twoFactor: typeof import("~/accounts/two-factor.server");
let signInCode: typeof import("~/accounts/two-factor-sign-in.server");
let session: typeof import("~/lib/session.server");
type AdminUser = import("~/accounts/auth.server").AdminUser;

let owner: AdminUser;
// Audit rows are never deleted: each test reads the ones after this id.
let auditFloor = 0;
const PASSWORD = "plum-tart-window-sill";

beforeAll(async () => {
  harness = await startAppHarness();
  auth = await import("~/accounts/auth.server");
  staff = await import("~/accounts/staff.server");
  twoFactor = await import("~/accounts/two-factor.server");
  signInCode = await import("~/accounts/two-factor-sign-in.server");
  session = await import("~/lib/session.server");
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  const { sql } = harness.database;
  await sql`delete from graphile_worker._private_jobs`;
  await sql`delete from email_outbox`;
  await sql`delete from staff_invites`;
  await sql`delete from sessions`;
  // Members cannot be deleted once audited (the log keeps them): the last test's are put away.
  await sql`alter table admin_users disable trigger tg_admin_users__keep_an_owner`;
  await sql`update admin_users set email = 'gone-' || id || '@old.example', deactivated_at = coalesce(deactivated_at, now())`;
  await sql`alter table admin_users enable trigger tg_admin_users__keep_an_owner`;
  await sql`delete from settings where key = 'accounts.require_two_factor'`;
  [{ auditFloor }] = await sql<{ auditFloor: number }[]>`select coalesce(max(id), 0)::int as "auditFloor" from audit_log`;
  owner = await auth.createAdminUser({ email: "owner@masa.example", password: PASSWORD, name: "Marta", role: "owner" });
});

const audit = (admin: AdminUser) => ({ admin, requestId: "req-staff", ip: "127.0.0.1" });

/** The cookie of a signed-in admin session for `admin`, as sign-in would set it. */
async function signedInCookie(admin: AdminUser): Promise<string> {
  const fresh = await session.getAdminSession(new Request("http://shop.test/admin/login"));
  fresh.set("adminUserId", admin.id);
  return (await session.commitAdminSession(fresh)).split(";")[0];
}

const adminRequest = (cookie: string, path = "/admin/orders") => new Request(`http://shop.test${path}`, { headers: { cookie } });

/** The token an invite's job carries (the database keeps only its hash). */
async function queuedToken(email: string): Promise<string> {
  const [job] = await harness.database.sql<{ token: string }[]>`
    select j.payload ->> 'token' as token from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
      join email_outbox e on e.id = (j.payload ->> 'email_id')::bigint
     where t.identifier = 'send_email' and e.to_address = ${email} order by j.id desc limit 1`;
  return job.token;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error, "expected a refusal").not.toBeNull();
  return error as { code?: string; message: string };
}

describe("invites", () => {
  it("emails a one-time link by a job; the link makes the member, signs in, and never works twice", async () => {
    await staff.inviteStaff("ines@masa.example", "staff", audit(owner));
    const [invite] = await harness.database.sql<{ tokenHash: Buffer; expiresAt: Date }[]>`
      select token_hash as "tokenHash", expires_at as "expiresAt" from staff_invites`;
    expect(invite.tokenHash).toHaveLength(32);
    expect(invite.expiresAt.getTime() - Date.now()).toBeGreaterThan(71 * 3_600_000);
    const token = await queuedToken("ines@masa.example");
    await harness.drainJobs();

    const received = readReceivedEmails(harness.mailDir).find((email) => email.to.includes("ines@masa.example"));
    expect(received?.subject).toBe("You're invited to Masa & Co. Empanadas's admin");
    expect(received?.text).toContain(`http://shop.test/admin/invite/${token}`);
    // The outbox keeps the email without its link once SMTP has it.
    const [kept] = await harness.database.sql<{ text: string; status: string }[]>`select text_body as text, status from email_outbox`;
    expect(kept.status).toBe("sent");
    expect(kept.text).not.toContain(token);
    expect(await harness.database.sql`select 1 from graphile_worker._private_jobs where payload ->> 'token' = ${token}`).toHaveLength(0);

    expect(await staff.findInviteLink(token)).toEqual({ kind: "invite", email: "ines@masa.example", state: "open" });
    const weak = await refusal(staff.acceptInvite(token, "Inés", "password1234", "req-accept"));
    expect(weak.message).toMatch(/most common/);
    const member = await staff.acceptInvite(token, "Inés", "quince-paste-on-rye", "req-accept");
    expect(member).toMatchObject({ email: "ines@masa.example", name: "Inés", role: "staff" });
    expect(await auth.authenticateAdmin("ines@masa.example", "quince-paste-on-rye")).toMatchObject({ id: member.id });

    const again = await refusal(staff.acceptInvite(token, "Mallory", "another-long-passphrase", "req-again"));
    expect(again).toMatchObject({ code: "LR409", message: "This link has already been used. Ask an owner for a new one." });
    expect(await staff.findInviteLink(token)).toMatchObject({ state: "used" });
    const [{ count }] = await harness.database.sql<{ count: number }[]>`select count(*)::int from admin_users where deactivated_at is null`;
    expect(count).toBe(2);
  });

  it("refuses an expired link and one never sent", async () => {
    await staff.inviteStaff("late@masa.example", "staff", audit(owner));
    const token = await queuedToken("late@masa.example");
    await harness.database.sql`update staff_invites set expires_at = now() - interval '1 second', created_at = now() - interval '73 hours'`;
    expect(await staff.findInviteLink(token)).toMatchObject({ state: "expired" });
    expect(await refusal(staff.acceptInvite(token, "", "quince-paste-on-rye", "r"))).toMatchObject({ code: "LR409", message: "This link has expired. Ask an owner for a new one." });
    expect(await refusal(staff.acceptInvite("x".repeat(43), "", "quince-paste-on-rye", "r"))).toMatchObject({ code: "LR404" });
    expect(await harness.database.sql`select 1 from admin_users where email = 'late@masa.example'`).toHaveLength(0);
  });

  it("lets one of two uses at once win, on separate connections", async () => {
    await staff.inviteStaff("twice@masa.example", "staff", audit(owner));
    const token = await queuedToken("twice@masa.example");
    const hash = await (await import("~/accounts/password.server")).hashPassword("quince-paste-on-rye");
    const { sql } = harness.database;
    // Each use holds its transaction open a moment after claiming, so the two overlap for certain.
    const use = (name: string) => sql.begin(async (tx) => {
      const [row] = await tx`select admin_user_id from accept_staff_invite(${token}, ${hash}, ${name})`;
      await tx`select pg_sleep(0.2)`;
      return row;
    });
    const outcomes = await Promise.allSettled([use("first"), use("second")]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const lost = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: "LR409" });
    expect(await sql`select 1 from admin_users where email = 'twice@masa.example'`).toHaveLength(1);
  });

  it("refuses an invite to someone who already signs in, and staff who invite", async () => {
    expect(await refusal(staff.inviteStaff("OWNER@masa.example", "staff", audit(owner)))).toMatchObject({ code: "LR409", column_name: "email" });
    const clerk = await auth.createAdminUser({ email: "clerk@masa.example", password: PASSWORD, role: "staff" });
    expect(await refusal(staff.inviteStaff("new@masa.example", "staff", audit(clerk)))).toMatchObject({ message: "Only an owner can manage staff." });
    expect(await harness.database.sql`select 1 from staff_invites`).toHaveLength(0);
  });
});

describe("roles, deactivation and sessions", () => {
  it("ends a deactivated member's sessions at once: their next request is signed out", async () => {
    const clerk = await auth.createAdminUser({ email: "clerk@masa.example", password: PASSWORD, role: "staff" });
    const cookie = await signedInCookie(clerk);
    expect(await auth.getAdmin(adminRequest(cookie))).toMatchObject({ id: clerk.id });
    await staff.deactivateStaffMember(clerk.id, audit(owner));
    expect(await auth.getAdmin(adminRequest(cookie))).toBeNull();
    await expect(auth.requireAdmin(adminRequest(cookie))).rejects.toMatchObject({ status: 302 });
    expect(await auth.authenticateAdmin("clerk@masa.example", PASSWORD)).toBeNull();
    expect(await harness.database.sql`select 1 from sessions where admin_user_id = ${clerk.id}`).toHaveLength(0);
    const [entry] = await harness.database.sql<{ action: string; actor: string }[]>`
      select action, actor from audit_log where subject_id = ${String(clerk.id)} and id > ${auditFloor} order by id desc limit 1`;
    expect(entry).toEqual({ action: "staff.deactivate", actor: "owner@masa.example" });
  });

  it("refuses a deactivated member even when their session row survived", async () => {
    const clerk = await auth.createAdminUser({ email: "clerk@masa.example", password: PASSWORD, role: "staff" });
    const cookie = await signedInCookie(clerk);
    await harness.database.sql`alter table admin_users disable trigger tg_admin_users__keep_an_owner`;
    await harness.database.sql`update admin_users set deactivated_at = now() where id = ${clerk.id}`;
    await harness.database.sql`alter table admin_users enable trigger tg_admin_users__keep_an_owner`;
    expect(await auth.getAdmin(adminRequest(cookie))).toBeNull();
  });

  it("signs a member out everywhere, and ends an admin session after 12 hours without a request", async () => {
    const phone = await signedInCookie(owner);
    const laptop = await signedInCookie(owner);
    const { sql } = harness.database;
    // A request a while after the last one pushes the end on by 12 hours.
    await sql`update sessions set updated_at = now() - interval '2 minutes', expires_at = now() + interval '1 hour'`;
    expect(await auth.getAdmin(adminRequest(phone))).toMatchObject({ id: owner.id });
    const [{ hoursLeft }] = await sql<{ hoursLeft: number }[]>`
      select round(extract(epoch from expires_at - now()) / 3600)::int as "hoursLeft" from sessions
       where updated_at > now() - interval '5 seconds'`;
    expect(hoursLeft).toBe(12);
    await sql`update sessions set expires_at = now() - interval '1 second' where updated_at > now() - interval '5 seconds'`;
    expect(await auth.getAdmin(adminRequest(phone))).toBeNull();
    expect(await auth.getAdmin(adminRequest(laptop))).toMatchObject({ id: owner.id });

    const response = await auth.signOutEverywhere(adminRequest(laptop, "/admin/account"), audit(owner));
    expect(response.headers.get("location")).toBe("/admin/login");
    expect(await auth.getAdmin(adminRequest(laptop))).toBeNull();
    expect(await sql`select 1 from sessions where admin_user_id = ${owner.id}`).toHaveLength(0);
  });

  it("keeps the admin's cookie to /admin, strict, and apart from the customer's", async () => {
    const fresh = await session.getAdminSession(new Request("http://shop.test/admin/login"));
    fresh.set("adminUserId", owner.id);
    const header = await session.commitAdminSession(fresh);
    expect(header).toMatch(/^__larder_admin=/);
    expect(header).toMatch(/Path=\/admin;/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/HttpOnly/);
    // The admin session's value under the customer's cookie name reads nothing.
    const value = header.split(";")[0].split("=").slice(1).join("=");
    const asCustomer = await session.getSession(new Request("http://shop.test/", { headers: { cookie: `__larder=${value}` } }));
    expect(asCustomer.data).toEqual({});
  });

  it("makes someone an owner or staff, and never leaves the shop without an active owner", async () => {
    const second = await auth.createAdminUser({ email: "second@masa.example", password: PASSWORD, role: "staff" });
    await staff.setStaffRole(second.id, "owner", audit(owner));
    await staff.setStaffRole(owner.id, "staff", audit(second));
    expect(await refusal(staff.setStaffRole(second.id, "staff", audit(second)))).toMatchObject({ code: "LR409", message: expect.stringMatching(/at least one owner/) });
    expect(await refusal(staff.deactivateStaffMember(second.id, audit(second)))).toMatchObject({ code: "LR409" });
    // Any path: a plain UPDATE or DELETE is refused too.
    expect(await refusal(harness.database.sql`update admin_users set role = 'staff' where id = ${second.id}`)).toMatchObject({ code: "LR409" });
    expect(await refusal(harness.database.sql`delete from admin_users where id = ${second.id}`)).toMatchObject({ code: "LR409" });
    const actions = await harness.database.sql<{ action: string }[]>`select action from audit_log where action like 'staff.%' and id > ${auditFloor} order by id`;
    expect(actions.map((row) => row.action)).toEqual(["staff.set_role", "staff.set_role"]);
  });

  it("lets only one of two owners demoting each other at once succeed", async () => {
    const second = await auth.createAdminUser({ email: "second@masa.example", password: PASSWORD, role: "owner" });
    const { sql } = harness.database;
    const demote = (who: number, by: number) => sql.begin(async (tx) => {
      await tx`select set_staff_role(${who}, 'staff', ${by}, 'race', null)`;
      await tx`select pg_sleep(0.2)`;
    });
    const outcomes = await Promise.allSettled([demote(second.id, owner.id), demote(owner.id, second.id)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const lost = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: "LR409" });
    const owners = await sql`select id from admin_users where role = 'owner' and deactivated_at is null`;
    expect(owners).toHaveLength(1);
  });

  it("resets a member: signed out, old password and two-factor gone, a new link by email", async () => {
    const clerk = await auth.createAdminUser({ email: "clerk@masa.example", password: PASSWORD, role: "staff" });
    const cookie = await signedInCookie(clerk);
    await staff.resetStaffMember(clerk.id, audit(owner));
    expect(await auth.getAdmin(adminRequest(cookie))).toBeNull();
    expect(await auth.authenticateAdmin("clerk@masa.example", PASSWORD)).toBeNull();
    const token = await queuedToken("clerk@masa.example");
    expect(await staff.findInviteLink(token)).toEqual({ kind: "reset", email: "clerk@masa.example", state: "open" });
    await staff.acceptInvite(token, "", "quince-paste-on-rye", "req-reset");
    expect(await auth.authenticateAdmin("clerk@masa.example", "quince-paste-on-rye")).toMatchObject({ id: clerk.id });
  });
});

describe("two-factor sign-in", () => {
  async function enrol(admin: AdminUser) {
    await twoFactor.startEnrolment(admin.id);
    const enrolment = await twoFactor.pendingEnrolment(admin.id, admin.email);
    expect(enrolment?.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(enrolment?.qrSvg).toMatch(/^<svg/);
    const secret = enrolment!.secret.replace(/\s/g, "");
    const app = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
    const wrong = await twoFactor.confirmEnrolment(admin.id, "000000" === app.generate() ? "111111" : "000000", { requestId: "r", ip: null });
    expect(wrong.ok).toBe(false);
    const confirmed = await twoFactor.confirmEnrolment(admin.id, app.generate(), { requestId: "r", ip: null });
    if (!confirmed.ok) throw new Error(confirmed.message);
    return { app, recoveryCodes: confirmed.recoveryCodes };
  }

  it("enrols with a generated code, keeping the secret encrypted and the recovery codes hashed", async () => {
    const { app, recoveryCodes } = await enrol(owner);
    expect(recoveryCodes).toHaveLength(10);
    const [row] = await harness.database.sql<{ secret: string }[]>`select totp_secret as secret from admin_users where id = ${owner.id}`;
    expect(row.secret).not.toContain(app.secret.base32);
    expect(twoFactor.decryptSecret(row.secret)).toBe(app.secret.base32);
    const hashes = await harness.database.sql<{ hash: Buffer }[]>`select code_hash as hash from admin_recovery_codes where admin_user_id = ${owner.id}`;
    expect(hashes).toHaveLength(10);
    expect(hashes.map((h) => h.hash.toString("utf8"))).not.toContain(recoveryCodes[0]);
    expect(await twoFactor.twoFactorStatus(owner.id)).toEqual({ enabled: true, recoveryCodesLeft: 10 });
  });

  it("signs in after the password with the app's code; refuses a wrong code and the same code again", async () => {
    const { app } = await enrol(owner);
    const admin = await auth.authenticateAdmin(owner.email, PASSWORD);
    expect(await signInCode.needsSecondFactor(admin!)).toBe(true);
    const asked = await signInCode.askForCode(new Request("http://shop.test/admin/login", { method: "POST" }), admin!, "/admin/board");
    expect(asked.headers.get("location")).toBe("/admin/login/code");
    const pending = asked.headers.get("set-cookie")!.split(";")[0];
    // Half signed in is not signed in.
    expect(await auth.getAdmin(adminRequest(pending))).toBeNull();
    const codeRequest = () => new Request("http://shop.test/admin/login/code", { method: "POST", headers: { cookie: pending } });

    const wrong = await signInCode.submitCode(codeRequest(), app.generate({ timestamp: Date.now() - 10 * 60_000 }), { requestId: "r", ip: null });
    expect(wrong).toMatchObject({ status: 401 });

    // Enrolment spent this step's code: the next step's is the one to use (it is accepted a step early).
    const code = app.generate({ timestamp: Date.now() + 30_000 });
    const outcome = await signInCode.submitCode(codeRequest(), code, { requestId: "r", ip: null });
    if (!("signedIn" in outcome)) throw new Error(outcome.refused);
    expect(outcome.signedIn.headers.get("location")).toBe("/admin/board");
    const cookie = outcome.signedIn.headers.get("set-cookie")!.split(";")[0];
    expect(await auth.getAdmin(adminRequest(cookie))).toMatchObject({ id: owner.id });

    // The same code, replayed at once, opens nothing.
    expect(await twoFactor.verifySecondFactor(owner.id, code)).toBe(false);
    const [{ entries }] = await harness.database.sql<{ entries: number }[]>`
      select count(*)::int as entries from audit_log where action = 'admin.sign_in' and admin_user_id = ${owner.id}`;
    expect(entries).toBe(1);
  });

  it("takes each recovery code once", async () => {
    const { recoveryCodes } = await enrol(owner);
    expect(await twoFactor.verifySecondFactor(owner.id, recoveryCodes[3].toUpperCase())).toBe(true);
    expect(await twoFactor.verifySecondFactor(owner.id, recoveryCodes[3])).toBe(false);
    expect(await twoFactor.verifySecondFactor(owner.id, "abcde-fghjk")).toBe(false);
    expect(await twoFactor.twoFactorStatus(owner.id)).toEqual({ enabled: true, recoveryCodesLeft: 9 });
  });

  it("sends members without two-factor to set it up once the owners require it", async () => {
    const cookie = await signedInCookie(owner);
    await twoFactor.setTwoFactorRequired(true, audit(owner));
    await expect(auth.requireAdmin(adminRequest(cookie, "/admin/board"))).rejects.toMatchObject({ status: 302, headers: expect.any(Headers) });
    const thrown = await auth.requireAdmin(adminRequest(cookie, "/admin/board")).catch((response: Response) => response);
    expect((thrown as Response).headers.get("location")).toBe("/admin/account");
    expect(await auth.requireAdmin(adminRequest(cookie, "/admin/account"))).toMatchObject({ id: owner.id });
    await enrol(owner);
    expect(await auth.requireAdmin(adminRequest(cookie, "/admin/board"))).toMatchObject({ id: owner.id });
    expect(await refusal(twoFactor.disableTwoFactor(owner.id, { requestId: "r", ip: null }))).toMatchObject({ code: "LR409" });
  });
});
