import { describe, expect, it } from "vitest";
import { queryName } from "~/lib/query-name";

const name = (strings: TemplateStringsArray, ..._values: unknown[]) => queryName(strings);

describe("queryName", () => {
  it("names a statement by the function it calls", () => {
    expect(name`select order_id from place_order(${1}, ${2})`).toBe("place_order");
    expect(name`select apply_square_payment(${1}) as outcome`).toBe("apply_square_payment");
    expect(name`select * from start_payment_link_attempt(${1})`).toBe("start_payment_link_attempt");
    expect(name`select id from graphile_worker.reschedule_jobs(array[${1}::bigint])`).toBe("graphile_worker.reschedule_jobs");
  });

  it("names other statements by their table", () => {
    expect(name`select id, name from products p join categories c on c.id = p.category_id`).toBe("products");
    expect(name`insert into sessions (id) values (${1})`).toBe("sessions");
    expect(name`update admin_users set last_login_at = now() where id = ${1}`).toBe("admin_users");
    expect(name`select count(*)::int as n from graphile_worker.jobs`).toBe("graphile_worker.jobs");
    expect(name`select 1`).toBe("ping");
  });
});
