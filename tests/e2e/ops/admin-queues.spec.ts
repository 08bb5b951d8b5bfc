// The admin's queues: the Square webhook inbox (filter, payload, replay) and graphile-worker's jobs
// (counts, failures, retry), driven through the pages with the in-process worker doing the work.
import { createHmac, randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { E2E_ADMIN, E2E_SIGNATURE_KEY } from "../support/constants";
import { expect, test } from "../support/fixtures";

function unique(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
}

async function signInAt(page: Page, path: string) {
  await page.goto(path);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL((url) => url.pathname === path);
}

/** Posts a webhook signed the way Square signs it: HMAC-SHA256 over notification URL + body. */
async function postSignedWebhook(request: import("@playwright/test").APIRequestContext, event: Record<string, unknown>) {
  const body = JSON.stringify(event);
  const signature = createHmac("sha256", E2E_SIGNATURE_KEY).update(`${process.env.E2E_BASE_URL}/webhooks/square` + body).digest("base64");
  const response = await request.post("/webhooks/square", {
    data: body,
    headers: { "content-type": "application/json", "x-square-hmacsha256-signature": signature },
  });
  expect(response.status()).toBe(200);
}

test("the webhook and job pages send a signed-out visitor to the sign-in page", async ({ page }) => {
  for (const path of ["/admin/webhooks", "/admin/jobs", "/admin/webhooks?state=dead"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/admin\/login\?redirectTo=/);
    await expect(page.getByRole("heading", { name: "Sign in to the admin" })).toBeVisible();
  }
});

test("a webhook for an unknown payment is ignored, found by state and type, shows its payload, and replays", async ({ page, request, db }) => {
  const eventId = unique("evt-e2e");
  const paymentId = unique("no-such-payment");
  await postSignedWebhook(request, {
    merchant_id: "MLE2E",
    type: "payment.updated",
    event_id: eventId,
    created_at: new Date().toISOString(),
    data: { type: "payment", id: paymentId, object: { payment: { id: paymentId } } },
  });
  // Two events the filters must tell apart from it: one in another state, one of another type.
  const otherStateEventId = unique("evt-other-state");
  const otherTypeEventId = unique("evt-other-type");
  const otherType = unique("e2e.other");
  await db`
    insert into webhook_events (provider, event_id, type, payload, state)
    values ('square', ${otherStateEventId}, 'payment.updated', ${db.json({ event_id: otherStateEventId })}, 'processed'),
           ('square', ${otherTypeEventId}, ${otherType}, ${db.json({ event_id: otherTypeEventId })}, 'ignored')`;

  await signInAt(page, "/admin/orders");
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: eventId });
  const otherStateRow = page.getByRole("row").filter({ hasText: otherStateEventId });
  const otherTypeRow = page.getByRole("row").filter({ hasText: otherTypeEventId });
  // The worker sees from the stored body that the payment is not one of Larder's (no Square call)
  // and marks the event ignored.
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText("ignored", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText("payment.updated");
  await expect(row).toContainText("not a Larder order's (an in-store sale?)");

  await page.getByLabel("State").selectOption("ignored");
  await page.getByLabel("Type").selectOption("payment.updated");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]state=ignored&type=payment\.updated/);
  await expect(row).toBeVisible();
  await expect(otherStateRow).toHaveCount(0);
  await expect(otherTypeRow).toHaveCount(0);
  for (const state of await page.locator("tbody .state").allTextContents()) expect(state).toBe("ignored");

  await page.getByLabel("State").selectOption("");
  await page.getByLabel("Type").selectOption(otherType);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(otherTypeRow).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(otherStateRow).toHaveCount(0);

  await page.getByLabel("Type").selectOption("payment.updated");
  await page.getByRole("button", { name: "Filter" }).click();
  await row.getByText("Payload").click();
  await expect(row.locator("pre")).toBeVisible();
  await expect(row.locator("pre")).toContainText(`"event_id": "${eventId}"`);
  await expect(row.locator("pre")).toContainText(`"id": "${paymentId}"`);

  await row.getByRole("button", { name: `Replay event ${eventId}` }).click();
  await expect(page.getByRole("status")).toHaveText(`Event ${eventId} queued for replay.`);
  await expect(page).toHaveURL(/[?&]type=payment\.updated/);
  // Processed again by the worker: ignored again, with the attempt added to its history.
  await expect
    .poll(async () => (await db`select state, attempts from webhook_events where event_id = ${eventId}`)[0])
    .toEqual({ state: "ignored", attempts: 2 });
  // The notice was shown once.
  await page.reload();
  await expect(page.getByRole("status")).toHaveCount(0);
});

test("a dead event shows under the dead filter with its error and is replayed", async ({ page, db }) => {
  const eventId = unique("evt-dead");
  const lastError = `Square payments.get kept failing (${eventId})`;
  await db`
    insert into webhook_events (provider, event_id, type, payload, state, attempts, last_error)
    values ('square', ${eventId}, 'payment.updated',
            ${db.json({ event_id: eventId, type: "payment.updated", data: { type: "payment", id: unique("no-such-payment") } })},
            'dead', 10, ${lastError})`;

  await signInAt(page, "/admin/webhooks");
  await page.getByLabel("State").selectOption("dead");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]state=dead/);
  const row = page.getByRole("row").filter({ hasText: eventId });
  await expect(row).toContainText("dead");
  await expect(row).toContainText(lastError);
  await expect(row.getByRole("cell", { name: "10", exact: true })).toBeVisible();

  await row.getByRole("button", { name: `Replay event ${eventId}` }).click();
  await expect(page.getByRole("status")).toHaveText(`Event ${eventId} queued for replay.`);
  await expect(page).toHaveURL(/[?&]state=dead/);
  await expect(row).toHaveCount(0);
  // The replay's job runs: the payment is not at Square, so the event ends ignored, attempts kept.
  await expect
    .poll(async () => (await db`select state, attempts from webhook_events where event_id = ${eventId}`)[0], { timeout: 20_000 })
    .toEqual({ state: "ignored", attempts: 11 });
});

test("the jobs page counts the queue, lists a permanently failed job, and retries it", async ({ page, db }) => {
  // An email the worker cannot render (no order), so its one attempt fails.
  const [email] = await db<{ id: number }[]>`
    insert into email_outbox (template, to_address) values ('order_confirmation', ${`${unique("nobody")}@example.com`})
    returning id::int`;
  const [job] = await db<{ id: number }[]>`
    select id::int from graphile_worker.add_job('send_email', json_build_object('email_id', ${email.id}::int), max_attempts => 1)`;
  await expect
    .poll(async () => (await db`select attempts, max_attempts from graphile_worker.jobs where id = ${job.id}`)[0], { timeout: 20_000 })
    .toEqual({ attempts: 1, max_attempts: 1 });

  await signInAt(page, "/admin/orders");
  await page.getByRole("link", { name: "Jobs" }).click();
  await expect(page.getByRole("heading", { name: "Jobs", level: 1 })).toBeVisible();
  const sendEmail = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "send_email", exact: true }) });
  await expect(sendEmail).toBeVisible();
  expect(Number(await sendEmail.getByRole("cell").nth(3).textContent())).toBeGreaterThanOrEqual(1);
  await expect(page.getByText(/^(No job is waiting to run\.|The oldest queued job has waited .+\.)$/)).toBeVisible();

  const failed = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: `#${job.id}`, exact: true }) });
  await expect(failed).toContainText("send_email");
  await expect(failed).toContainText("1/1");
  const [{ lastError }] = await db<{ lastError: string }[]>`select last_error as "lastError" from graphile_worker.jobs where id = ${job.id}`;
  expect(lastError).toContain(`email ${email.id}`);
  await expect(failed).toContainText(lastError);
  await expect(failed).toContainText("gave up");

  // The cause goes away (the email is withdrawn), so the retried job finds nothing to do and completes.
  await db`delete from email_outbox where id = ${email.id}`;
  await failed.getByRole("button", { name: `Retry now job #${job.id}` }).click();
  await expect(page.getByRole("status")).toHaveText(`Job #${job.id} will run again now.`);
  await expect.poll(async () => (await db`select 1 from graphile_worker.jobs where id = ${job.id}`).length, { timeout: 20_000 }).toBe(0);
  await page.reload();
  await expect(failed).toHaveCount(0);
});
