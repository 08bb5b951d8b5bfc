// Lighthouse 12.2.3 (npx, from a scratch directory so it never lands in package.json) on the built
// app (NODE_ENV=production, the demo shop), headless with Debian's chromium, mobile (Lighthouse's
// default, simulated throttling) and desktop (--preset=desktop), on the menu, a product page, the
// cart with an item and checkout (the cookie of an add-to-cart POST, sent with --extra-headers).
// Goal (issue 15): every category ≥ 95 on every page. Skipped, saying why, without chromium.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compare, type BenchmarkResult, type Comparison, type Context } from "./lib/context";
import { BenchError, runCommand, which } from "./lib/proc";

const LIGHTHOUSE = "lighthouse@12.2.3";
const GOAL = 95;
const TITLE = "Lighthouse";
const OURS = `${LIGHTHOUSE} on the menu, a product, the cart (one item) and checkout, mobile and desktop: the lowest score of each category`;
const BASELINE = `the goal, ${GOAL}`;
const PAGES = [
  { name: "menu", path: "/" },
  { name: "product", path: "/products/beef-criolla" },
  { name: "cart", path: "/cart" },
  { name: "checkout", path: "/checkout" },
] as const;
const FORMS = ["mobile", "desktop"] as const;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

/** The customer cookie of a cart holding one Beef Criolla, from the product page's add-to-cart POST. */
async function cartCookie(ctx: Context): Promise<string> {
  const page = await (await fetch(`${ctx.app.url}/products/beef-criolla`)).text();
  const variantId = /<select[^>]*name="variantId"[^>]*>[\s\S]*?<option[^>]*value="(\d+)"/.exec(page)?.[1];
  if (!variantId) throw new BenchError("lighthouse: the product page offers no variant to add");
  const response = await fetch(`${ctx.app.url}/products/beef-criolla`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ctx.app.url, "Sec-Fetch-Site": "same-origin" },
    body: new URLSearchParams({ variantId, quantity: "1", note: "" }).toString(),
  });
  const cookie = response.headers.getSetCookie().map((line) => line.split(";")[0]).find((pair) => pair.startsWith("__larder="));
  if (response.status !== 303 || !cookie) throw new BenchError(`lighthouse: add to cart answered ${response.status} without a __larder cookie`);
  const checkout = await fetch(`${ctx.app.url}/checkout`, { headers: { Cookie: cookie }, redirect: "manual" });
  if (checkout.status !== 200) throw new BenchError(`lighthouse: GET /checkout with the cart's cookie answered ${checkout.status}`);
  return cookie;
}

export async function benchLighthouse(ctx: Context): Promise<BenchmarkResult> {
  const chromium = which("chromium") ?? which("chromium-browser");
  if (!chromium) {
    const reason = "chromium is not installed (Debian: apt-get install chromium)";
    ctx.log(`lighthouse: skipped — ${reason}`);
    return { id: "lighthouse", title: TITLE, ours: OURS, baseline: BASELINE, comparisons: [], details: { skipped: reason } };
  }
  const cookie = await cartCookie(ctx);
  const headersFile = path.join(ctx.tmpDir, "lighthouse-headers.json");
  writeFileSync(headersFile, JSON.stringify({ Cookie: cookie }));
  // npx outside the repository: nothing is added to package.json or node_modules here.
  const scratch = mkdtempSync(path.join(os.tmpdir(), "larder-lighthouse-"));
  const scores: Record<string, Record<string, Record<string, number | null>>> = {};
  const failing: Record<string, Record<string, Record<string, string[]>>> = {};
  for (const page of PAGES) {
    for (const form of FORMS) {
      const output = path.join(ctx.tmpDir, `lighthouse-${page.name}-${form}.json`);
      ctx.log(`lighthouse: ${page.path} (${form})`);
      const args = [
        "--yes", LIGHTHOUSE, `${ctx.app.url}${page.path}`,
        "--output=json", `--output-path=${output}`, "--quiet",
        "--chrome-flags=--headless=new --no-sandbox",
        `--only-categories=${CATEGORIES.join(",")}`,
        ...(page.name === "cart" || page.name === "checkout" ? [`--extra-headers=${headersFile}`] : []),
        ...(form === "desktop" ? ["--preset=desktop"] : []),
      ];
      const result = await runCommand("npx", args, { cwd: scratch, env: { ...process.env, CHROME_PATH: chromium }, timeoutMs: 300_000 });
      let report: {
        categories?: Record<string, { score: number | null; auditRefs?: { id: string; weight: number }[] }>;
        audits?: Record<string, { score: number | null; title: string }>;
        runtimeError?: { message: string };
      };
      try {
        report = JSON.parse(readFileSync(output, "utf8"));
      } catch {
        throw new BenchError(`lighthouse failed on ${page.path} (${form}), exit ${result.code ?? result.signal}:\n${(result.stdout + result.stderr).slice(-3000)}`);
      }
      if (report.runtimeError) throw new BenchError(`lighthouse on ${page.path} (${form}): ${report.runtimeError.message}`);
      // What cost points: every weighted audit of a category below its full score.
      (failing[page.name] ??= {})[form] = Object.fromEntries(
        CATEGORIES.map((category) => [
          category,
          (report.categories?.[category]?.auditRefs ?? [])
            .filter((ref) => ref.weight > 0 && typeof report.audits?.[ref.id]?.score === "number" && report.audits[ref.id].score! < 1)
            .map((ref) => `${ref.id} (${Math.round(report.audits![ref.id].score! * 100)})`),
        ]),
      );
      (scores[page.name] ??= {})[form] = Object.fromEntries(
        CATEGORIES.map((category) => {
          const score = report.categories?.[category]?.score;
          return [category, typeof score === "number" ? Math.round(score * 100) : null];
        }),
      );
    }
  }

  const comparisons: Comparison[] = CATEGORIES.map((category) => {
    const all = PAGES.flatMap((page) => FORMS.map((form) => scores[page.name][form][category] ?? 0));
    const lowest = Math.min(...all);
    const where = PAGES.flatMap((page) => FORMS.filter((form) => (scores[page.name][form][category] ?? 0) === lowest).map((form) => `${page.name} ${form}`));
    const row = compare(`${category}: lowest (${where.join(", ")})`, "score", lowest, GOAL, true);
    return { ...row, goal: { text: `≥ ${GOAL} on every page`, met: all.every((score) => score >= GOAL) } };
  });
  const cell = (score: number | null) => (score === null ? "n/a" : score >= GOAL ? String(score) : `**${score}**`);
  const extra = [
    `Lighthouse (${LIGHTHOUSE}, chromium headless; mobile is Lighthouse's default emulation and throttling, desktop --preset=desktop):`,
    "",
    `| Page | Form | ${CATEGORIES.join(" | ")} |`,
    `|---|---|${CATEGORIES.map(() => "---:").join("|")}|`,
    ...PAGES.flatMap((page) => FORMS.map((form) => `| ${page.name} (${page.path}) | ${form} | ${CATEGORIES.map((category) => cell(scores[page.name][form][category])).join(" | ")} |`)),
    "",
    "Below the goal, the weighted audits that cost points (score):",
    "",
    ...PAGES.flatMap((page) => FORMS.flatMap((form) => CATEGORIES
      .filter((category) => (scores[page.name][form][category] ?? 0) < GOAL)
      .map((category) => `- ${page.name} ${form} ${category}: ${failing[page.name][form][category].join(", ") || "(none listed)"}`))),
  ].join("\n");
  return { id: "lighthouse", title: TITLE, ours: OURS, baseline: BASELINE, comparisons, extra, details: { scores, failing, lighthouse: LIGHTHOUSE, chromium } };
}
