// Guessing an admin's password: after 10 failures in 15 minutes the account's sign-in answers 429
// with Retry-After and says when to try again, even for the right password; the email stays typed.
import { hashPassword } from "../../../app/accounts/password.server";
import { expect, javascriptOn, test } from "../support/fixtures";

const PASSWORD = "the-right-passphrase";

test.beforeEach(async ({ db }) => {
  // This address (127.0.0.1) signs in for every other test: start and end with its counters clear.
  await db`delete from rate_limits where key like 'sign_in_%'`;
});

test.afterEach(async ({ db }) => {
  await db`delete from rate_limits where key like 'sign_in_%'`;
});

test("brute-forcing a sign-in is refused with 429 and a clear message", async ({ page, db }) => {
  const email = `brute.${javascriptOn() ? "js" : "nojs"}.${Date.now().toString(36)}@masa.example`;
  await db`insert into admin_users (email, name, password_hash, role) values (${email}, 'Guessed', ${await hashPassword(PASSWORD)}, 'staff')`;
  await page.goto("/admin/login");
  const attempt = async (password: string) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    const answer = page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/admin/login"));
    await page.getByRole("button", { name: "Sign in" }).click();
    return answer;
  };
  for (let i = 0; i < 10; i++) {
    expect((await attempt(`guess-${i}`)).status()).toBe(401);
    await expect(page.getByRole("alert")).toHaveText("That email and password don't match an account.");
  }
  const refused = await attempt(PASSWORD);
  expect(refused.status()).toBe(429);
  const retryAfter = Number(await refused.headerValue("retry-after"));
  expect(retryAfter).toBeGreaterThan(60);
  expect(retryAfter).toBeLessThanOrEqual(90);
  await expect(page.getByRole("alert")).toHaveText("Too many attempts. Try again in 2 minutes.");
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page).toHaveURL(/\/admin\/login/);
  const [{ failures }] = await db<{ failures: number }[]>`
    select count(*)::int as failures from audit_log where action = 'admin.sign_in_failed' and after ->> 'email' = ${email}`;
  expect(failures).toBe(10);
});
