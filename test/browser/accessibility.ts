import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Page } from 'playwright-core';

/** axe-core's own build, evaluated in the page through the DevTools protocol (the pages' CSP stays on). */
const AXE = readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

export interface AccessibilityViolation {
  readonly rule: string;
  readonly impact: string | null;
  readonly where: readonly string[];
}

/** What axe-core finds against WCAG 2.1 A and AA on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    // In the page: axe, as its build defines it on the window.
    const { axe, document } = globalThis as unknown as {
      document: unknown;
      axe: {
        run(
          context: unknown,
          options: object,
        ): Promise<{
          violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
        }>;
      };
    };
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      where: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}
