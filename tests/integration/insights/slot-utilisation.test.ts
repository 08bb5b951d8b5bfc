// slot_utilisation (the dashboard's operations section): booked places against the capacity of every
// slot the hours offered in the range, booked or not; closed days and skipped clock times offer
// nothing; a booking the hours no longer offer still counts with its own capacity.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
});

afterAll(async () => {
  await database?.drop();
});

async function utilisation(locationIds: number[], from: string, to: string) {
  const [row] = await database.sql<{ booked: number; capacity: number }[]>`
    select booked, capacity from slot_utilisation(${locationIds}::bigint[], ${from}::date, ${to}::date)`;
  return row;
}

describe("slot_utilisation", () => {
  it("counts every offered slot's capacity and the places booked", async () => {
    const { sql } = database;
    // Mondays 09:00–12:00: six 30-minute pickup slots of 5 and three delivery windows of 2.
    const [{ id: london }] = await sql<{ id: number }[]>`
      insert into locations (name, slug, timezone, currency, pickup_slot_minutes, pickup_slot_capacity,
                             delivery_enabled, delivery_window_minutes, delivery_window_capacity)
      values ('Borough', 'borough-slots', 'Europe/London', 'USD', 30, 5, true, 60, 2) returning id`;
    await sql`insert into location_hours (location_id, weekday, opens_at, closes_at) values (${london}, 1, '09:00', '12:00')`;
    expect(await utilisation([london], "2026-10-19", "2026-10-19")).toEqual({ booked: 0, capacity: 6 * 5 + 3 * 2 });
    // Two Mondays, the second closed; Tuesday to Sunday offer nothing.
    await sql`insert into location_closures (location_id, closed_on) values (${london}, '2026-10-26')`;
    expect(await utilisation([london], "2026-10-19", "2026-10-26")).toEqual({ booked: 0, capacity: 36 });
    // Two places in an offered slot, one in a slot today's hours do not offer (Tuesday 14:00), one after the range.
    await sql`insert into slot_reservations (location_id, kind, slot_at, capacity, reserved) values
      (${london}, 'pickup', '2026-10-19 09:30 Europe/London', 5, 2),
      (${london}, 'pickup', '2026-10-20 14:00 Europe/London', 4, 1),
      (${london}, 'pickup', '2026-10-27 09:00 Europe/London', 5, 1)`;
    expect(await utilisation([london], "2026-10-19", "2026-10-26")).toEqual({ booked: 3, capacity: 36 + 4 });
    // Delivery switched off: its windows are no longer offered.
    await sql`update locations set delivery_enabled = false where id = ${london}`;
    expect(await utilisation([london], "2026-10-19", "2026-10-19")).toEqual({ booked: 2, capacity: 30 });
  });

  it("offers no slot at a local time the clock skips, one at a time it repeats, and sums locations", async () => {
    const { sql } = database;
    // Sunday 8 March 2026 in Los Angeles: 02:00 does not happen, so 01:00 and 03:00 only.
    const [{ id: la }] = await sql<{ id: number }[]>`
      insert into locations (name, slug, timezone, currency, pickup_slot_minutes, pickup_slot_capacity)
      values ('Night market', 'night-slots', 'America/Los_Angeles', 'USD', 60, 3) returning id`;
    await sql`insert into location_hours (location_id, weekday, opens_at, closes_at) values (${la}, 0, '01:00', '04:00')`;
    expect(await utilisation([la], "2026-03-08", "2026-03-08")).toEqual({ booked: 0, capacity: 2 * 3 });
    expect(await utilisation([la], "2026-03-15", "2026-03-15")).toEqual({ booked: 0, capacity: 3 * 3 });
    // Sunday 1 November 2026: 01:00 happens twice. The slot is one of them; a booking at the other
    // is a slot today's hours do not offer, and counts with its own capacity beside it.
    expect(await utilisation([la], "2026-11-01", "2026-11-01")).toEqual({ booked: 0, capacity: 3 * 3 });
    await sql`insert into slot_reservations (location_id, kind, slot_at, capacity, reserved) values
      (${la}, 'pickup', '2026-11-01 01:00-07', 3, 1), (${la}, 'pickup', '2026-11-01 01:00-08', 2, 2),
      (${la}, 'pickup', '2026-11-01 03:00-08', 4, 1)`;
    expect(await utilisation([la], "2026-11-01", "2026-11-01")).toEqual({ booked: 4, capacity: 3 + 3 + 2 + 4 });
    const [{ london }] = await sql<{ london: number }[]>`select id::int as london from locations where slug = 'borough-slots'`;
    const both = await utilisation([la, london], "2026-03-08", "2026-03-09");
    expect(both).toEqual({ booked: 0, capacity: 6 + 30 });
  });
});
