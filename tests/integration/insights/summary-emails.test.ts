// The owners' summary emails: the setting (owners only, bad values refused), the hourly job queuing
// what is due at the owner's local hour, once per owner and period (run it again: nothing more),
// and the email's headline figures equal to a raw aggregation over orders, beside the period before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;
let summaries: typeof import("~/insights/summary-emails.server");

beforeAll(async () => {
  harness = await startAppHarness();
  summaries = await import("~/insights/summary-emails.server");
});

afterAll(async () => {
  await harness?.stop();
});

/** The demo shop's time zone (db/seed: Springfield, Illinois). */
const TZ = "America/Chicago";

/** An instant at a local hour of a local day relative to today, in the shop's time zone. */
async function localInstant(daysFromToday: number, hour: number): Promise<Date> {
  const [{ at }] = await harness.database.sql<{ at: Date }[]>`
    select (((now() at time zone ${TZ})::date + ${daysFromToday}::int) + make_time(${hour}, 30, 0)) at time zone ${TZ} as at`;
  return at;
}

async function owner(email: string, role: "owner" | "staff" = "owner") {
  const auth = await import("~/accounts/auth.server");
  return auth.createAdminUser({ email, password: "correct-horse-battery", role });
}

async function rawNet(fromDays: number, toDays: number) {
  const [row] = await harness.database.sql<{ net: number; orders: number }[]>`
    select coalesce(sum(o.subtotal_cents - o.discount_cents
                        - coalesce((select sum(f.amount_cents) from refunds f where f.order_id = o.id and f.status = 'completed'), 0)), 0)::int as net,
           count(*)::int as orders
      from orders o
     where o.paid_at is not null and o.state <> 'cancelled'
       and (o.created_at at time zone ${TZ})::date between (now() at time zone ${TZ})::date + ${fromDays}::int
                                                     and (now() at time zone ${TZ})::date + ${toDays}::int`;
  return row;
}

describe("owner summary emails", () => {
  it("refuses staff and values out of range, and records the owner's choice", async () => {
    const { sql } = harness.database;
    const staff = await owner("staff@summary.example", "staff");
    await expect(sql`select set_summary_email(${staff.id}, 'daily', 7)`).rejects.toMatchObject({ code: "LR409" });
    const boss = await owner("boss@summary.example");
    await expect(sql`select set_summary_email(${boss.id}, 'hourly', 7)`).rejects.toMatchObject({ code: "LR422", column_name: "frequency" });
    await expect(sql`select set_summary_email(${boss.id}, 'daily', 24)`).rejects.toMatchObject({ code: "LR422", column_name: "hour" });
    expect(await sql`select 1 from summary_email_settings where admin_user_id = ${boss.id}`).toHaveLength(0);
    const audit = { admin: { ...boss, role: "owner" as const }, requestId: "req-summary", ip: "127.0.0.1" };
    await summaries.setSummarySetting({ frequency: "weekly", localHour: 6 }, audit as never);
    expect(await summaries.summarySetting(boss.id)).toEqual({ frequency: "weekly", localHour: 6 });
    const [entry] = await sql<{ action: string; after: unknown }[]>`
      select action, after from audit_log where admin_user_id = ${boss.id} order by id desc limit 1`;
    expect(entry).toEqual({ action: "summary_email.set", after: { frequency: "weekly", local_hour: 6 } });
    await summaries.setSummarySetting({ frequency: "off", localHour: 6 }, audit as never);
  });

  it("takes the owner's form: a bad hour is a 422 that changes nothing, a good one a 303; staff are refused", async () => {
    const auth = await import("~/accounts/auth.server");
    const route = await import("~/routes/admin.summary-email");
    const signedIn = async (email: string, role: "owner" | "staff") => {
      const admin = await auth.createAdminUser({ email, password: "correct-horse-battery", role });
      const response = await auth.signIn(new Request("http://shop.test/admin/login"), admin, "/admin/summary-email");
      return { admin, cookie: response.headers.get("set-cookie")!.split(";")[0] };
    };
    const post = (cookie: string, body: string) => route.action({
      request: new Request("http://shop.test/admin/summary-email", {
        method: "POST", body, headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      }),
      params: {}, context: { requestId: "req-summary-form", clientIp: "127.0.0.1" },
    });
    const { admin, cookie } = await signedIn("form@summary.example", "owner");
    const refused = (await post(cookie, "frequency=daily&hour=25")) as unknown as { data: { errors: Record<string, string> }; init: ResponseInit };
    expect(refused.init.status).toBe(422);
    expect(refused.data.errors.hour).toBe("Choose an hour from the list.");
    expect(await summaries.summarySetting(admin.id)).toEqual({ frequency: "off", localHour: 7 });
    const saved = (await post(cookie, "frequency=weekly&hour=6")) as Response;
    expect(saved.status).toBe(303);
    expect(await summaries.summarySetting(admin.id)).toEqual({ frequency: "weekly", localHour: 6 });
    await summaries.setSummarySetting({ frequency: "off", localHour: 6 }, { admin, requestId: "req-summary-form", ip: null } as never);
    const staff = await signedIn("form-staff@summary.example", "staff");
    await expect(post(staff.cookie, "frequency=daily&hour=6")).rejects.toMatchObject({ status: 403 });
  });

  it("emails yesterday's headline figures at the owner's hour, once, beside the day before", async () => {
    const { sql } = harness.database;
    const boss = await owner("daily@summary.example");
    await sql`select set_summary_email(${boss.id}, 'daily', 8)`;
    // Two paid orders yesterday, one the day before (local days), and one refunded in part.
    const yesterday = [await harness.placeOrder("a@summary.example"), await harness.placeOrder("b@summary.example")];
    const dayBefore = await harness.placeOrder("a@summary.example");
    for (const id of [...yesterday, dayBefore]) await sql`select private.mark_order_paid(${id})`;
    await sql`update orders set created_at = ${await localInstant(-1, 11)} where id = any(${yesterday}::bigint[])`;
    await sql`update orders set created_at = ${await localInstant(-2, 15)} where id = ${dayBefore}`;
    await harness.drainJobs();

    expect(await summaries.queueOwnerSummaries(await localInstant(0, 7))).toBe(0);
    expect(await summaries.queueOwnerSummaries(await localInstant(0, 8))).toBe(1);
    // The same hour again, and later that day: the period was emailed already.
    expect(await summaries.queueOwnerSummaries(await localInstant(0, 8))).toBe(0);
    expect(await summaries.queueOwnerSummaries(await localInstant(0, 22))).toBe(0);
    const [summary] = await sql<{ id: number; from: string; to: string }[]>`
      select id, period_from::text as from, period_to::text as to from summary_emails where admin_user_id = ${boss.id}`;
    expect(summary.from).toBe(summary.to);
    // The key holds even for a writer that skips the function.
    await expect(sql`insert into summary_emails (admin_user_id, frequency, period_from, period_to)
                     values (${boss.id}, 'daily', ${summary.from}, ${summary.to})`).rejects.toMatchObject({ code: "23505" });

    await harness.drainJobs();
    const [email] = await sql<{ status: string; to: string; subject: string; text: string; html: string }[]>`
      select status, to_address as to, subject, text_body as text, html_body as html
        from email_outbox where template = 'owner_summary' and summary_email_id = ${summary.id}`;
    const [now, before] = [await rawNet(-1, -1), await rawNet(-2, -2)];
    const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
    expect(email.status).toBe("sent");
    expect(email.to).toBe("daily@summary.example");
    expect(email.subject).toContain(`daily summary for`);
    expect(email.subject).toContain(`${money(now.net)} net sales`);
    expect(email.text).toContain(`Net sales: ${money(now.net)} (was ${money(before.net)}, `);
    expect(email.text).toContain(`Orders: ${now.orders} (was ${before.orders}, `);
    expect(now.orders).toBeGreaterThanOrEqual(2);
    expect(email.text).toMatch(/Returning customers: \d+ \(was \d+/);
    expect(email.html).toContain("<table>");
    expect(email.text).toContain(`/admin/dashboard?range=custom&from=${summary.from}&to=${summary.to}`);
  });

  it("emails last Monday–Sunday weekly, from Monday at the hour or later in the week if a run was missed", async () => {
    const { sql } = harness.database;
    const boss = await owner("weekly@summary.example");
    await sql`select set_summary_email(${boss.id}, 'weekly', 9)`;
    // Only this owner's summaries are counted below: the daily owner's are off.
    await sql`update summary_email_settings set frequency = 'off' where admin_user_id <> ${boss.id}`;
    const [{ monday }] = await sql<{ monday: number }[]>`
      select (date_trunc('week', now() at time zone ${TZ})::date - (now() at time zone ${TZ})::date)::int as monday`;
    expect(await summaries.queueOwnerSummaries(await localInstant(monday, 8))).toBe(0);
    expect(await summaries.queueOwnerSummaries(await localInstant(monday + 2, 3))).toBe(1);
    expect(await summaries.queueOwnerSummaries(await localInstant(monday, 10))).toBe(0);
    const [row] = await sql<{ days: number; starts_monday: boolean }[]>`
      select (period_to - period_from + 1)::int as days, extract(isodow from period_from) = 1 as starts_monday
        from summary_emails where admin_user_id = ${boss.id}`;
    expect(row).toEqual({ days: 7, starts_monday: true });
    // Turned off: nothing more is queued.
    await sql`select set_summary_email(${boss.id}, 'off', 9)`;
    expect(await summaries.queueOwnerSummaries(await localInstant(monday + 7, 10))).toBe(0);
  });
});
