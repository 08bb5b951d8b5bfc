// axe-core as every journey runs it: WCAG 2 A and AA rules; only violations get their nodes'
// selectors worked out (axe's own advice for speed), the other result types still list each rule.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

export function analyzeAccessibility(page: Page) {
  return new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).options({ resultTypes: ["violations"] }).analyze();
}
