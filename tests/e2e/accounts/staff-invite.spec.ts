// An owner invites a member of staff, who accepts from the emailed link, chooses a password, sets up
// two-factor with an authenticator app (here: otpauth generating the codes) and signs in with a code.
import * as OTPAuth from "otpauth";
import { E2E_ADMIN } from "../support/constants";
import { expect, javascriptOn, signInTo, test, waitForEmail } from "../support/fixtures";

test("an invited member accepts, sets a password, enrols two-factor and signs in with a code", async ({ page, browser, baseURL }) => {
  const email = `ines.${test.info().project.name}.${Date.now().toString(36)}@masa.example`;
  const password = "quince-paste-on-rye";

  await signInTo(page, "/admin/staff", E2E_ADMIN);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("staff");
  await page.getByRole("button", { name: "Send invite" }).click();
  await expect(page.getByRole("status")).toContainText(`Invite sent to ${email}`);
  await expect(page.getByText(`${email} (staff), until`)).toBeVisible();

  const invite = await waitForEmail((received) => received.to.includes(email));
  const link = /https?:\/\/\S+\/admin\/invite\/[\w-]+/.exec(invite.text)?.[0];
  expect(link).toBeTruthy();

  // The member, in a browser of their own.
  const context = await browser.newContext({ baseURL, javaScriptEnabled: javascriptOn() });
  const member = await context.newPage();
  await member.goto(link!);
  await expect(member.getByRole("heading", { name: "Join the admin" })).toBeVisible();
  await member.getByLabel("Your name").fill("Inés");
  await member.getByLabel("New password", { exact: true }).fill("password1234");
  await member.getByLabel("New password again").fill("password1234");
  await member.getByRole("button", { name: "Create my account" }).click();
  await expect(member.getByRole("alert")).toContainText("one of the most common");
  await member.getByLabel("New password", { exact: true }).fill(password);
  await member.getByLabel("New password again").fill(password);
  await member.getByRole("button", { name: "Create my account" }).click();
  await expect(member).toHaveURL(/\/admin\/account$/);
  await expect(member.getByText(`Signed in as ${email} (staff).`)).toBeVisible();

  await member.getByRole("button", { name: "Set up two-factor" }).click();
  await expect(member.getByRole("status")).toContainText("Add the shop to your authenticator app");
  const secret = (await member.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  const app = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
  await member.getByLabel("Code from the app").fill(app.generate());
  await member.getByRole("button", { name: "Turn on two-factor" }).click();
  await expect(member.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);

  // The link is spent.
  await member.goto(link!);
  await expect(member.getByRole("alert")).toHaveText("This link has already been used. Ask an owner for a new one.");

  // A new browser session: password, then a code from the app.
  await context.clearCookies();
  await member.goto("/admin/board");
  await member.getByLabel("Email").fill(email);
  await member.getByLabel("Password").fill(password);
  await member.getByRole("button", { name: "Sign in" }).click();
  await expect(member).toHaveURL(/\/admin\/login\/code$/);
  await member.getByLabel("Code").fill("000000" === app.generate() ? "111111" : "000000");
  await member.getByRole("button", { name: "Sign in" }).click();
  await expect(member.getByRole("alert")).toContainText("That code is not right");
  // Setting up spent this step's code; the next step's is accepted a step early.
  await member.getByLabel("Code").fill(app.generate({ timestamp: Date.now() + 30_000 }));
  await member.getByRole("button", { name: "Sign in" }).click();
  await expect(member).toHaveURL(/\/admin\/board$/);
  await context.close();
});
