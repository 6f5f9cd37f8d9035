import { describe, expect, it } from '@jest/globals';

import type { DemoReport } from '../demo/demo-ledger.js';
import { planDeliveries, type Situation, SITUATIONS } from '../demo/demo-plan.js';
import { describeDemo } from './demo-command.js';

const deliveries = planDeliveries('demoabc', 20);
const situations = Object.fromEntries(
  SITUATIONS.map((s) => [s, deliveries.find((d) => d.story === s)!]),
) as Record<Situation, (typeof deliveries)[number]>;
const report: DemoReport = {
  run: 'demoabc',
  url: 'http://127.0.0.1:3000',
  deliveries,
  situations,
  caseId: 'case-demoabc',
  tokens: { investigator: 'investigator.token.jwt', customer: 'customer.token.jwt' },
  proofCustomer: situations.case_with_reveal,
  calls: 250,
  filledInS: 4.2,
};

describe('keytrail demo: what it prints', () => {
  const text = describeDemo(report);

  it('links each situation’s delivery in the console, and the customer’s proof page', () => {
    for (const d of Object.values(situations))
      expect(text).toContain(`http://127.0.0.1:3000/console/#/deliveries/${d.deliveryId}`);
    expect(text).toContain('http://127.0.0.1:3000/console/#/anomalies');
    expect(text).toContain(
      `http://127.0.0.1:3000/proof/#/deliveries/${situations.case_with_reveal.deliveryId}`,
    );
  });

  it('prints the tokens to paste, never inside a link', () => {
    expect(text).toContain('investigator.token.jwt');
    expect(text).toContain('customer.token.jwt');
    for (const link of text.match(/https?:\/\/\S+/g) ?? []) expect(link).not.toMatch(/token/);
  });
});
