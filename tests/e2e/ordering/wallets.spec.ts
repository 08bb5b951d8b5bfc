// Apple Pay and Google Pay on the order's page (Square's Web Payments SDK; here the simulator's
// stand-in): each wallet's sheet shows the order's total payable to the shop, and its token pays
// the order through the card's CreatePayment path, recorded by Square as the wallet's card. A
// browser that cannot pay with a wallet gets no button for it. Without JavaScript there are no
// wallet buttons at all, and the order is still paid on Square's hosted checkout.
import type postgres from "postgres";
import { expect, expectPaid, javascriptOn, newCustomer, payOnHostedCheckout, test } from "../support/fixtures";
import { SUCCESS_CARD } from "../support/constants";
import { placeUnpaidOrder } from "../support/orders";

const simulator = () => process.env.E2E_SIMULATOR_URL!;

async function offerWallets(wallets: ("APPLE_PAY" | "GOOGLE_PAY")[]) {
  const response = await fetch(`${simulator()}/sim/config`, { method: "POST", body: JSON.stringify({ wallets }) });
  expect(response.status).toBe(200);
}

async function orderTotal(db: postgres.Sql, id: number) {
  const [row] = await db<{ total: string; shop: string }[]>`
    select to_char(total_cents / 100.0, 'FM999990.00') as total,
           coalesce((select value #>> '{}' from settings where key = 'shop.name'), 'Larder') as shop
      from orders where id = ${id}`;
  return row;
}

test("an order pays with Apple Pay and another with Google Pay, a wallet the browser lacks has no button; without JavaScript the wallets are absent and hosted checkout takes the payment", async ({ page, db }) => {
  if (!javascriptOn()) {
    const order = await placeUnpaidOrder(db, "pickup", newCustomer("wallet-off").email);
    await page.goto(`/orders/${order.token}`);
    await expect(page.getByRole("button", { name: /^Pay now/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Apple Pay" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Google Pay" })).toHaveCount(0);
    await page.getByRole("button", { name: /^Pay now/ }).click();
    await payOnHostedCheckout(page, SUCCESS_CARD);
    await expectPaid(page);
    return;
  }
  for (const [wallet, name] of [["APPLE_PAY", "Apple Pay"], ["GOOGLE_PAY", "Google Pay"]] as const) {
    const order = await placeUnpaidOrder(db, "pickup", newCustomer(`wallet-${wallet.toLowerCase()}`).email);
    const { total, shop } = await orderTotal(db, order.id);
    await page.goto(`/orders/${order.token}`);
    await page.getByRole("button", { name }).click();
    const sheet = page.getByRole("dialog", { name });
    await expect(sheet.locator("dt").last()).toHaveText(`Pay ${shop}`);
    await expect(sheet.locator("dd").last()).toHaveText(`${total} USD`);
    await sheet.getByRole("button", { name: "Confirm payment" }).click();
    await expectPaid(page);
    const [payment] = await db<{ square_payment_id: string; status: string }[]>`
      select square_payment_id, status from payments where order_id = ${order.id}`;
    expect(payment.status).toBe("COMPLETED");
    const ledger = (await (await fetch(`${simulator()}/sim/ledger`)).json()) as { payments: { id: string; wallet: string | null; status: string }[] };
    expect(ledger.payments.find((entry) => entry.id === payment.square_payment_id)).toMatchObject({ wallet, status: "COMPLETED" });
  }

  // A browser that cannot pay with a wallet (Square's SDK rejects it) gets no button for it; the card form stays.
  const order = await placeUnpaidOrder(db, "pickup", newCustomer("no-wallet").email);
  await offerWallets(["GOOGLE_PAY"]);
  try {
    await page.goto(`/orders/${order.token}`);
    await expect(page.getByRole("button", { name: "Google Pay" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Apple Pay" })).toHaveCount(0);
    await offerWallets([]);
    await page.reload();
    await expect(page.locator("fieldset.card-payment").getByLabel("Card number")).toBeVisible();
    await expect(page.getByRole("button", { name: "Google Pay" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Apple Pay" })).toHaveCount(0);
  } finally {
    await offerWallets(["APPLE_PAY", "GOOGLE_PAY"]);
  }
});
