// pickup_slots(location, now): the pickup times a location offers, computed at a fixed "now".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { locationId, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
});

afterAll(async () => {
  await database?.drop();
});

interface Hours {
  timezone: string;
  opens_at: string;
  closes_at: string;
  pickup_slot_minutes: number;
  pickup_lead_minutes: number;
  pickup_days_ahead: number;
  is_active: boolean;
}

// The seeded location's settings; each test states only what it changes.
const seeded: Hours = {
  timezone: "America/Los_Angeles",
  opens_at: "08:00",
  closes_at: "20:00",
  pickup_slot_minutes: 15,
  pickup_lead_minutes: 20,
  pickup_days_ahead: 2,
  is_active: true,
};

async function configure(changes: Partial<Hours>) {
  const { opens_at, closes_at, ...settings } = { ...seeded, ...changes };
  await sql`update locations set ${sql(settings)} where id = ${location}`;
  // The same hours every day of the week unless a test says otherwise.
  await sql`delete from location_hours where location_id = ${location}`;
  await sql`
    insert into location_hours (location_id, weekday, opens_at, closes_at)
    select ${location}, d, ${opens_at}::time, ${closes_at}::time from generate_series(0, 6) d`;
  await sql`delete from location_closures where location_id = ${location}`;
  await sql`delete from slot_reservations where location_id = ${location}`;
}

beforeEach(async () => {
  await configure({});
});

interface Slot {
  /** The instant, in UTC, minute precision. */
  utc: string;
  /** Wall-clock date and time at the location. */
  date: string;
  time: string;
}

async function slots(now: string, db: Sql = sql): Promise<Slot[]> {
  return db<Slot[]>`
    select to_char(s at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as utc,
           to_char(s at time zone l.timezone, 'YYYY-MM-DD') as date,
           to_char(s at time zone l.timezone, 'HH24:MI') as time
      from pickup_slots(${location}, ${now}::timestamptz) with ordinality as p(s, n)
      cross join locations l
     where l.id = ${location}
     order by n`;
}

/** Wall-clock times from `first` every `step` minutes while a slot starting then ends by `closes`. */
function grid(first: string, closes: string, step: number): string[] {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const times: string[] = [];
  for (let t = minutes(first); t + step <= minutes(closes); t += step) {
    times.push(`${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`);
  }
  return times;
}

function byDate(list: Slot[]): Record<string, string[]> {
  const days: Record<string, string[]> = {};
  for (const slot of list) (days[slot.date] ??= []).push(slot.time);
  return days;
}

describe("pickup_slots", () => {
  it("starts at the first slot at or after now plus the lead time", async () => {
    // 10:07 in Los Angeles (PDT); with 20 minutes' lead the 10:15 slot is too soon.
    const list = await slots("2026-06-15 17:07:00+00");
    expect(list[0]).toEqual({ utc: "2026-06-15T17:30Z", date: "2026-06-15", time: "10:30" });
  });

  it("offers the slot that falls exactly at now plus the lead time", async () => {
    const list = await slots("2026-06-15 17:10:00+00");
    expect(list[0].utc).toBe("2026-06-15T17:30Z");
  });

  it("offers nothing earlier than now plus the lead time, however long the lead", async () => {
    await configure({ pickup_lead_minutes: 180 });
    const list = await slots("2026-06-15 17:07:00+00");
    expect(list[0].utc).toBe("2026-06-15T20:15Z");
    expect(list.every((slot) => slot.utc >= "2026-06-15T20:07Z")).toBe(true);
  });

  it("lays slots on a grid of the slot length from opening time, all in order", async () => {
    await configure({ pickup_slot_minutes: 25, pickup_days_ahead: 0 });
    const list = await slots("2026-06-15 12:00:00+00"); // 05:00 local, before opening
    expect(list.map((slot) => slot.time)).toEqual(grid("08:00", "20:00", 25));
    expect(list.at(-1)?.time).toBe("19:15");
    expect([...list.map((slot) => slot.utc)].sort()).toEqual(list.map((slot) => slot.utc));
  });

  it("keeps every slot within opening hours, the last one ending by closing time", async () => {
    await configure({ opens_at: "11:30", closes_at: "14:00", pickup_slot_minutes: 30, pickup_days_ahead: 0 });
    const list = await slots("2026-06-15 12:00:00+00");
    expect(list.map((slot) => slot.time)).toEqual(["11:30", "12:00", "12:30", "13:00", "13:30"]);
  });

  it("reads opening hours in the location's time zone, whatever the session's", async () => {
    await configure({ timezone: "Asia/Tokyo", opens_at: "10:00", closes_at: "12:00", pickup_slot_minutes: 60, pickup_days_ahead: 0 });
    const list = await sql.begin(async (tx) => {
      await tx`set local time zone 'America/New_York'`;
      return slots("2026-06-15 00:00:00+00", tx as unknown as Sql); // 09:00 in Tokyo
    });
    expect(list.map((slot) => slot.utc)).toEqual(["2026-06-15T01:00Z", "2026-06-15T02:00Z"]);
  });

  it("takes today's date in the location's time zone, not UTC's", async () => {
    // 05:00 UTC on the 16th is 22:00 on the 15th in Los Angeles: closed, so tomorrow (the 16th) only.
    await configure({ pickup_days_ahead: 1 });
    const days = byDate(await slots("2026-06-16 05:00:00+00"));
    expect(days).toEqual({ "2026-06-16": grid("08:00", "20:00", 15) });
  });

  it("offers today and pickup_days_ahead more days, and no further", async () => {
    const now = "2026-06-15 12:00:00+00"; // 05:00 local
    await configure({ pickup_days_ahead: 0 });
    expect(Object.keys(byDate(await slots(now)))).toEqual(["2026-06-15"]);
    await configure({ pickup_days_ahead: 3 });
    const days = byDate(await slots(now));
    expect(Object.keys(days)).toEqual(["2026-06-15", "2026-06-16", "2026-06-17", "2026-06-18"]);
    for (const times of Object.values(days)) expect(times).toEqual(grid("08:00", "20:00", 15));
  });

  it("offers nothing at an inactive location", async () => {
    await configure({ is_active: false });
    expect(await slots("2026-06-15 12:00:00+00")).toEqual([]);
  });

  it("keeps local opening hours across the spring-forward change (America/Los_Angeles, 8 March 2026)", async () => {
    // 01:00 PST on the day clocks go forward; the next days are PDT.
    const list = await slots("2026-03-08 09:00:00+00");
    const days = byDate(list);
    expect(Object.keys(days)).toEqual(["2026-03-08", "2026-03-09", "2026-03-10"]);
    for (const times of Object.values(days)) expect(times).toEqual(grid("08:00", "20:00", 15));
    // 08:00 PDT is 15:00 UTC (it would be 16:00 UTC in PST).
    expect(list[0].utc).toBe("2026-03-08T15:00Z");
    expect(list.at(-1)?.utc).toBe("2026-03-11T02:45Z");
  });

  it("skips the wall-clock hour that does not exist when opening hours span the spring-forward gap", async () => {
    await configure({ opens_at: "01:00", closes_at: "04:00", pickup_lead_minutes: 0, pickup_days_ahead: 0 });
    const list = await slots("2026-03-08 08:00:00+00"); // midnight PST
    expect(list.map((slot) => slot.time)).toEqual(["01:00", "01:15", "01:30", "01:45", "03:00", "03:15", "03:30", "03:45"]);
    expect(list[3].utc).toBe("2026-03-08T09:45Z");
    expect(list[4].utc).toBe("2026-03-08T10:00Z");
  });

  it("keeps a slot length that does not divide the hour on the local grid across the spring-forward gap", async () => {
    await configure({ opens_at: "00:00", closes_at: "05:00", pickup_slot_minutes: 45, pickup_lead_minutes: 0, pickup_days_ahead: 0 });
    const list = await slots("2026-03-08 08:00:00+00"); // midnight PST
    // 02:15 does not exist that day; every other time stays on the 45-minute grid from opening.
    expect(list.map((slot) => slot.time)).toEqual(["00:00", "00:45", "01:30", "03:00", "03:45"]);
  });

  it("keeps local opening hours across the fall-back change (America/Los_Angeles, 1 November 2026)", async () => {
    await configure({ pickup_days_ahead: 0 });
    const list = await slots("2026-11-01 07:00:00+00"); // midnight PDT
    expect(byDate(list)).toEqual({ "2026-11-01": grid("08:00", "20:00", 15) });
    expect(list[0].utc).toBe("2026-11-01T16:00Z"); // 08:00 PST
  });
});
