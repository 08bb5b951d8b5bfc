// Staff ship an order from the board with its carrier and tracking number (a bad number is refused on
// its field and nothing changes), the customer's page links to the carrier's tracking, and staff
// correct the tracking on the order's page; with JavaScript on, "Print a ticket when I accept an
// order" opens the ticket, which opens the print dialog by itself.
import type postgres from "postgres";
import { E2E_ADMIN } from "../support/constants";
import { expect, javascriptOn, signInTo, test, waitForEmail } from "../support/fixtures";
import { placePaidOrder } from "../support/orders";

/** A paid shipping order, started and packed by the kitchen: its next step is Shipped. */
async function packedOrder(db: postgres.Sql, email: string) {
  const order = await placePaidOrder(db, "shipping", email, "Bea Shipper");
  await db`select advance_order(${order.id}, 'start', null, 'paid')`;
  await db`select advance_order(${order.id}, 'ready', null, 'preparing')`;
  return order;
}

const cardOf = (page: import("@playwright/test").Page, number: number) => page.getByRole("article", { name: new RegExp(`^#${number} `) });

test("staff ship with a tracking number (a bad one is refused on its field); the customer sees the carrier's link; staff correct it", async ({ page, db }) => {
  const email = `bea.${Date.now().toString(36)}@example.com`;
  const order = await packedOrder(db, email);
  await signInTo(page, `/admin/board?date=${order.day}`, E2E_ADMIN);
  const card = cardOf(page, order.number);
  await expect(page.getByRole("region", { name: /^Ready/ }).getByRole("article", { name: new RegExp(`^#${order.number} `) })).toBeVisible();

  await card.getByLabel("Carrier (optional)").selectOption("UPS");
  await card.getByLabel("Tracking number (optional)").fill("1Z<999>");
  await card.getByRole("button", { name: "Shipped" }).click();
  const refusedCard = cardOf(page, order.number);
  await expect(refusedCard.getByLabel("Tracking number (optional)")).toHaveAccessibleDescription(
    "A tracking number has only letters and digits (spaces and dashes are fine).",
  );
  await expect(refusedCard.getByLabel("Tracking number (optional)")).toHaveValue("1Z<999>");
  expect(await db`select state, tracking_number from orders where id = ${order.id}`).toEqual([{ state: "ready", tracking_number: null }]);

  await refusedCard.getByLabel("Carrier (optional)").selectOption("UPS");
  await refusedCard.getByLabel("Tracking number (optional)").fill("1z 999 aa1 0123 4567 84");
  await refusedCard.getByRole("button", { name: "Shipped" }).click();
  await expect(page.getByRole("status")).toHaveText(
    `Order #${order.number} shipped; the customer is told. It travels with UPS, tracking number 1Z999AA10123456784.`,
  );
  const shippedEmail = await waitForEmail((each) => each.to.includes(email) && each.subject === `Order #${order.number} has shipped`);
  expect(shippedEmail.text).toContain("Track your parcel: https://www.ups.com/track?tracknum=1Z999AA10123456784");

  await page.goto(`/orders/${order.token}`);
  await expect(page.getByText("It travels with UPS, tracking number 1Z999AA10123456784.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Track your parcel on UPS's site" })).toHaveAttribute("href", "https://www.ups.com/track?tracknum=1Z999AA10123456784");

  // Wrong carrier: corrected on the order's page; the customer is emailed the new tracking.
  await page.goto(`/admin/orders/${order.number}`);
  const form = page.locator("form", { has: page.getByRole("button", { name: "Save tracking" }) });
  await expect(form.getByLabel("Tracking number (optional)")).toHaveValue("1Z999AA10123456784");
  await form.getByLabel("Tracking number (optional)").fill("x".repeat(41));
  await form.getByRole("button", { name: "Save tracking" }).click();
  await expect(page.getByText("That tracking number is too long: at most 40 letters and digits.")).toBeVisible();
  expect(await db`select shipment_carrier, tracking_number from orders where id = ${order.id}`).toEqual([{ shipment_carrier: "UPS", tracking_number: "1Z999AA10123456784" }]);
  const again = page.locator("form", { has: page.getByRole("button", { name: "Save tracking" }) });
  await again.getByLabel("Carrier (optional)").selectOption("FedEx");
  await again.getByLabel("Tracking number (optional)").fill("1234 5678 9012");
  await again.getByRole("button", { name: "Save tracking" }).click();
  await expect(page.getByRole("status")).toHaveText("Tracking saved; the customer is emailed it.");
  await expect(page.getByRole("link", { name: "Track on FedEx's site" })).toHaveAttribute("href", "https://www.fedex.com/fedextrack/?trknbr=123456789012");
  await expect(page.getByRole("listitem").filter({ hasText: "Tracking: FedEx 123456789012." })).toContainText("— by");
  const update = await waitForEmail((each) => each.to.includes(email) && each.subject === `Order #${order.number}: tracking for your parcel`);
  expect(update.text).toContain("It travels with FedEx, tracking number 123456789012.");
  const [audit] = await db`select action, after from audit_log where subject_type = 'order' and subject_id = ${String(order.id)} order by id desc limit 1`;
  expect(audit).toEqual({ action: "order.tracking", after: { carrier: "FedEx", trackingNumber: "123456789012", emailCustomer: true } });
});

test("with JavaScript, accepting an order can open its ticket to print; without, the board says it needs JavaScript", async ({ page, context, db }) => {
  await db`update locations set auto_accept = false`;
  try {
    const order = await placePaidOrder(db, "pickup", `pia.${Date.now().toString(36)}@example.com`);
    await context.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => { (window as unknown as { printed: number }).printed += 1; };
    });
    await signInTo(page, `/admin/board?date=${order.day}`, E2E_ADMIN);
    const setting = page.getByRole("checkbox", { name: /^Print a ticket when I accept an order/ });
    if (!javascriptOn()) {
      await expect(setting).toHaveCount(0);
      await expect(page.getByText("Printing a ticket on accept needs JavaScript: print from each card's Ticket link.")).toBeVisible();
      await expect(cardOf(page, order.number).getByRole("link", { name: "Ticket" })).toHaveAttribute("href", `/admin/orders/${order.number}/ticket`);
      return;
    }
    await setting.check();
    await page.reload();
    await expect(setting).toBeChecked(); // remembered on this device

    const [popup] = await Promise.all([
      page.waitForEvent("popup"),
      cardOf(page, order.number).getByRole("button", { name: /^Accept, ready at/ }).first().click(),
    ]);
    await expect(page.getByRole("status")).toHaveText(new RegExp(`^Order #${order.number} accepted`));
    await expect(popup.getByRole("region", { name: "Ticket, bag 1 of 1" })).toContainText(`#${order.number}`);
    await expect.poll(() => popup.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(new URL(popup.url()).pathname + new URL(popup.url()).search).toBe(`/admin/orders/${order.number}/ticket`);
    await popup.close();

    // Turned off, Accept opens nothing.
    const second = await placePaidOrder(db, "pickup", `pia2.${Date.now().toString(36)}@example.com`);
    if (second.day !== order.day) await page.goto(`/admin/board?date=${second.day}`);
    await page.getByRole("checkbox", { name: /^Print a ticket when I accept an order/ }).uncheck();
    await cardOf(page, second.number).getByRole("button", { name: /^Accept, ready at/ }).first().click();
    await expect(page.getByRole("status")).toHaveText(new RegExp(`^Order #${second.number} accepted`));
    expect(context.pages()).toHaveLength(1);
  } finally {
    await db`update locations set auto_accept = true`;
  }
});
