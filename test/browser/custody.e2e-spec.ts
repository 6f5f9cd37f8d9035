import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';

import type { Journey } from '../support/journey.js';
import { overlappingDeliveries } from '../support/shared-car.js';
import type { TestApp } from '../support/test-app.js';
import { accessibilityViolations } from './accessibility.js';
import { launchChromium } from './chromium.js';
import { SCREENSHOTS, servedApp } from './served-app.js';

describe('one car’s custody in the investigator console, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let a: Journey;
  let b: Journey;

  beforeAll(async () => {
    ({ t, base } = await servedApp());
    ({ a, b } = await overlappingDeliveries(t));
    await t.settle();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('links a delivery to its car’s custody: both deliveries in time order, who held access, the overlap and the gaps', async () => {
    const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-GB' });
    const escaped: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
      escaped.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(`${base}/console/#/deliveries/${a.deliveryId}`);
    await page.getByLabel('Bearer token').fill(await t.token('investigator', 'inv-ana'));
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The delivery page says what only the car's other deliveries show, and links to the custody.
    await expect(page.getByTestId('across-car').textContent()).resolves.toContain(
      'overlapping grants (high)',
    );
    await page.getByTestId('custody-link').click();
    await page.getByRole('heading', { name: `Custody of vehicle ${a.vehicleId}` }).waitFor();
    const entries = page.getByTestId('custody-entry');
    await entries.first().waitFor();
    const rows = await entries.allTextContents();
    expect(rows).toHaveLength(9);
    // Both deliveries, interleaved in the order things happened to the car.
    const order = rows.map((row) => (row.includes(a.deliveryId) ? 'A' : 'B'));
    expect(order).toEqual(['A', 'B', 'A', 'B', 'A', 'A', 'A', 'A', 'B']);
    expect(rows[8]).toContain('courier c-456');
    expect(rows[8]).toContain('opening');

    const overlaps = await page.getByTestId('custody-overlaps').textContent();
    expect(overlaps).toContain(a.deliveryId);
    expect(overlaps).toContain(b.deliveryId);
    const intervals = await page.getByTestId('custody-interval').allTextContents();
    expect(intervals.filter((i) => i.includes('a gap'))).toHaveLength(2);
    expect(intervals.some((i) => i.includes('courier c-123') && i.includes('courier c-456'))).toBe(
      true,
    );
    // Without a case the plate is a token.
    await expect(page.getByTestId('custody-plate').textContent()).resolves.toMatch(/^token tk_/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goBack();
    await page.getByTestId('across-car').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goForward();
    await entries.first().waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'console-custody-desktop.png'),
      fullPage: true,
    });

    // Each delivery in it links back to its own page.
    await page.getByRole('link', { name: b.deliveryId }).first().click();
    await page.getByRole('heading', { name: `Delivery ${b.deliveryId}` }).waitFor();
    expect(escaped).toEqual([]);
    await context.close();
  });
});
