// A customer asks for texts and writes a note at checkout; staff mark the order ready on the board;
// the outbox holds the ready text (kept there: Twilio is not configured), the order's page lists it
// as sent, and the note is on the board's card and the kitchen ticket.
import { E2E_ADMIN } from "../support/constants";
import { addToCart, expect, expectPaid, newCustomer, orderNumberFrom, placeOrderAndPay, signInTo, test } from "../support/fixtures";

test("a customer who ticked the box is texted when the order is ready; the note reaches the kitchen", async ({ page, db }) => {
  await addToCart(page, "Humita", "Single", 1);
  const customer = { ...newCustomer("texts"), phone: "(217) 555-0142" };
  const note = "Severe sesame allergy, please. Ring the bell twice.";
  await page.goto("/checkout");
  await expect(page.getByLabel(/^Text me when my order is ready/)).not.toBeChecked();
  await placeOrderAndPay(page, customer, undefined, { note, textMe: true });
  await expectPaid(page);
  const number = orderNumberFrom(await page.getByRole("heading", { level: 1 }).textContent());
  const [order] = await db<{ day: string; smsPhone: string | null; note: string | null }[]>`
    select (o.pickup_at at time zone l.timezone)::date::text as day, o.sms_phone as "smsPhone", o.customer_note as note
      from orders o join locations l on l.id = o.location_id where o.number = ${number}`;
  expect(order).toMatchObject({ smsPhone: "+12175550142", note });

  await signInTo(page, `/admin/board?date=${order.day}`, E2E_ADMIN);
  const card = () => page.getByRole("article", { name: new RegExp(`^#${number} `) });
  await expect(card()).toContainText(`Note: ${note}`);
  await card().getByRole("button", { name: "Start" }).click();
  await expect(page.getByRole("status")).toHaveText(`Order #${number} started.`);
  await card().getByRole("button", { name: "Ready", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(`Order #${number} is ready.`);

  // The worker keeps the text in the outbox within moments; the page shows it once it has.
  const text = page.getByRole("region", { name: "Texts" }).getByRole("article").filter({ hasText: `#${number}` });
  await expect(async () => {
    await page.goto("/admin/outbox");
    await expect(text).toContainText("sent via outbox", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(text.getByRole("heading")).toHaveText(`Ready for pickup · #${number}`);
  await expect(text).toContainText("To +12175550142");
  await expect(text).toContainText(`your order #${number} is ready for pickup at`);
  await expect(text).toContainText("Reply STOP to opt out.");

  await page.goto(`/admin/orders/${number}`);
  await expect(page.getByText(`text “ready for pickup” to +12175550142: sent`)).toBeVisible();
  await expect(page.locator(".order-note")).toHaveText(note);

  await page.goto(`/admin/orders/${number}/ticket`);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("region", { name: "Ticket, bag 1 of 1" })).toContainText(`NOTE: ${note}`);
  await page.emulateMedia({ media: "screen" });
});
