import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { ProofBundle } from '../../src/verifier/proof-bundle.js';
import { type PersonalValues, plaintextIn, privateDelivery } from '../support/private-delivery.js';
import type { Journey } from '../support/journey.js';
import type { TestApp } from '../support/test-app.js';
import { type AccessibilityViolation, accessibilityViolations } from './accessibility.js';
import { launchChromium } from './chromium.js';
import { SCREENSHOTS, servedApp } from './served-app.js';

const WIDTHS = { phone: { width: 375, height: 812 }, desktop: { width: 1440, height: 1000 } };

describe('the investigator console and the customer proof page, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let flagged: { journey: Journey; values: PersonalValues };
  let other: { journey: Journey; values: PersonalValues };
  /** Every URL any page asked for, and every request that tried to leave the app. */
  const requested: string[] = [];
  const escaped: string[] = [];

  beforeAll(async () => {
    ({ t, base } = await servedApp());
    // Seeded through the HTTP API: a delivery with a refused unlock from afar, and another customer's.
    flagged = await privateDelivery(t, 31, { refusedUnlockFromAfar: true });
    other = await privateDelivery(t, 32);
    await t.settle();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const newPage = async (
    viewport = WIDTHS.desktop,
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport, timezoneId: 'UTC', locale: 'en-GB' });
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url.startsWith(base) || url.startsWith('blob:') || url.startsWith('data:'))
        return route.continue();
      escaped.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    return { context, page };
  };

  const signIn = async (page: Page, where: '/console/' | '/proof/', token: string) => {
    await page.goto(`${base}${where}`);
    await page.getByLabel('Bearer token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  const shoot = async (page: Page, name: string) => {
    for (const [label, viewport] of Object.entries(WIDTHS)) {
      await page.setViewportSize(viewport);
      await page.screenshot({
        path: path.join(SCREENSHOTS, `${name}-${label}.png`),
        fullPage: true,
      });
    }
    await page.setViewportSize(WIDTHS.desktop);
  };

  it('an investigator finds the flagged delivery, sees its timeline, unlocked time and anomaly, and a green proof', async () => {
    const { context, page } = await newPage();
    await signIn(page, '/console/', await t.token('investigator', 'inv-ana'));

    await page.getByLabel('Anomaly').selectOption('unlock_outside_geofence');
    await page.getByRole('button', { name: 'Search' }).click();
    const link = page.getByRole('link', { name: flagged.journey.deliveryId });
    await link.click();

    await expect(
      page.getByRole('heading', { name: `Delivery ${flagged.journey.deliveryId}` }).isVisible(),
    ).resolves.toBe(true);
    const entries = page.getByTestId('timeline-entry');
    await entries.first().waitFor();
    expect(await entries.count()).toBeGreaterThanOrEqual(12);
    await expect(page.getByTestId('unlocked-bar').textContent()).resolves.toMatch(
      /Unlocked for \d+ (s|min)/,
    );
    await expect(page.getByTestId('anomaly-badge').first().textContent()).resolves.toContain(
      'unlock outside geofence',
    );
    const badge = page.getByTestId('proof-badge');
    await badge.getByText('Proof verified').waitFor({ timeout: 15_000 });

    // Without a case: the plate is a token, positions are areas, and there is no photo.
    await expect(page.getByTestId('plate').textContent()).resolves.toMatch(/^token tk_/);
    await expect(page.getByTestId('position-plot').textContent()).resolves.toContain('area ');
    expect(await page.locator('[data-testid="drop-photo"] img').count()).toBe(0);
    expect(plaintextIn(await page.content(), flagged.values)).toEqual([]);
    await shoot(page, 'console-delivery');
    await context.close();
  });

  it('shows red, naming the event, when the bundle it is given has one byte changed', async () => {
    const { context, page } = await newPage();
    let changedEvent = '';
    await context.route('**/v1/deliveries/*/proof', async (route) => {
      const response = await route.fetch();
      const bundle = (await response.json()) as ProofBundle;
      const target = bundle.events[3]!;
      changedEvent = (JSON.parse(target.canonical) as { eventId: string }).eventId;
      // One byte: a digit of the event's occurredAt.
      const at = target.canonical.indexOf('"occurredAt":"') + '"occurredAt":"2026-11-25T1'.length;
      const digit = target.canonical[at]!;
      const changed = {
        ...bundle,
        events: bundle.events.map((event, i) =>
          i === 3
            ? {
                ...event,
                canonical:
                  target.canonical.slice(0, at) +
                  (digit === '3' ? '4' : '3') +
                  target.canonical.slice(at + 1),
              }
            : event,
        ),
      };
      await route.fulfill({ response, json: changed });
    });
    await signIn(page, '/console/', await t.token('investigator', 'inv-ana'));
    await page.goto(`${base}/console/#/deliveries/${flagged.journey.deliveryId}`);
    const badge = page.getByTestId('proof-badge');
    await badge.getByText('Proof FAILED').waitFor({ timeout: 15_000 });
    expect(changedEvent).not.toBe('');
    await expect(badge.textContent()).resolves.toContain(changedEvent);
    await context.close();
  });

  it('a case opened in the console waits for a supervisor’s approval there, then shows the precise data and the photo, and the customer’s access log gains the entry', async () => {
    const customer = `Bearer ${await t.token('customer', flagged.journey.customerId)}`;
    const before = await t.http
      .get(`/v1/subjects/${flagged.journey.customerId}/access-log`)
      .set('authorization', customer);
    expect(before.status).toBe(200);

    const { context, page } = await newPage();
    await signIn(page, '/console/', await t.token('investigator', 'inv-ana'));
    await page.goto(`${base}/console/#/deliveries/${flagged.journey.deliveryId}`);
    await page.getByTestId('timeline-entry').first().waitFor();
    await page.getByLabel('Reason for the case').fill('Customer disputes the drop');
    await page.getByRole('button', { name: 'Open a case' }).click();
    // Pending: nothing precise until a second person approves.
    await page.getByTestId('case-pending').waitFor();
    await expect(page.getByTestId('plate').textContent()).resolves.toMatch(/^token tk_/);
    const caseId = (await page.getByTestId('case-pending').locator('strong').textContent())!;

    // A supervisor sees it waiting in the console and approves it, with a reason.
    const supervisor = await newPage();
    await signIn(supervisor.page, '/console/', await t.token('supervisor', 'sup-eva'));
    await supervisor.page.getByRole('heading', { name: 'Cases waiting for approval' }).waitFor();
    const waiting = supervisor.page.getByTestId('pending-case').filter({ hasText: caseId });
    await expect(waiting.textContent()).resolves.toContain('Customer disputes the drop');
    await expect(waiting.textContent()).resolves.toContain('inv-ana');
    await shoot(supervisor.page, 'console-cases-to-approve');
    await supervisor.page
      .getByLabel(`Reason for approving case ${caseId}`)
      .fill('Dispute ticket confirmed by the customer');
    await supervisor.page.getByRole('button', { name: `Approve case ${caseId}` }).click();
    await expect(supervisor.page.getByTestId('approval-notice').textContent()).resolves.toContain(
      `Case ${caseId} is approved until`,
    );
    await supervisor.context.close();

    await page.getByRole('button', { name: 'Check the approval again' }).click();
    await page.getByTestId('case-status').waitFor();
    await page.getByTestId('plate').getByText(flagged.values.plate).waitFor();
    await page.locator('[data-testid="drop-photo"] img').waitFor();
    await expect(page.getByTestId('position-plot').textContent()).resolves.toContain('(precise)');

    const after = await t.http
      .get(`/v1/subjects/${flagged.journey.customerId}/access-log`)
      .set('authorization', customer);
    expect(after.body.entries.length).toBeGreaterThan(before.body.entries.length);
    expect(after.body.entries.at(-1)).toMatchObject({ viewer: { id: 'inv-ana' } });
    expect(after.body.entries.at(-1).caseId).toMatch(/^case-/);

    // The anomalies page lists it and leads back to the delivery.
    await page.getByRole('link', { name: 'Anomalies' }).click();
    await page.getByRole('heading', { name: 'Open anomalies' }).waitFor();
    await page
      .getByRole('link', { name: `delivery ${flagged.journey.deliveryId}` })
      .first()
      .click();
    await page.getByRole('heading', { name: `Delivery ${flagged.journey.deliveryId}` }).waitFor();
    await context.close();
  });

  it('a customer sees their own delivery in plain words, verified, with who viewed their data; another’s is not found', async () => {
    const { context, page } = await newPage();
    await signIn(page, '/proof/', await t.token('customer', flagged.journey.customerId));
    await page.getByRole('link', { name: `Delivery ${flagged.journey.deliveryId}` }).click();
    const story = page.getByTestId('story');
    await story.waitFor();
    await expect(story.textContent()).resolves.toMatch(
      /Your car was unlocked at \d\d:\d\d:\d\d and confirmed locked by Volvo at \d\d:\d\d:\d\d, as a status read of the car showed\./,
    );
    await page.getByTestId('proof-badge').getByText('Proof verified').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('proof-badge').textContent()).resolves.toMatch(/tree size \d+/);
    await page.locator('[data-testid="drop-photo"] img').waitFor();
    await page.getByTestId('access-entry').first().waitFor();
    await expect(page.getByTestId('access-log').textContent()).resolves.toContain('inv-ana');
    await shoot(page, 'customer-proof');

    // Erasure is refused, with the reason, while the investigator's case holds the data.
    await page.getByRole('button', { name: 'Request erasure' }).click();
    await page.getByRole('button', { name: 'Yes, erase my personal data' }).click();
    await expect(page.getByTestId('erasure-answer').textContent()).resolves.toMatch(/legal hold/);

    await page.goto(`${base}/proof/#/deliveries/${other.journey.deliveryId}`);
    await expect(page.getByTestId('not-found').textContent()).resolves.toContain(
      'Delivery not found',
    );
    expect(plaintextIn(await page.content(), other.values)).toEqual([]);
    await context.close();
  });

  it('a customer downloads all their data as one file, and the download shows in their access log', async () => {
    const { context, page } = await newPage();
    const { customerId, deliveryId } = flagged.journey;
    await signIn(page, '/proof/', await t.token('customer', customerId));
    await page.getByRole('link', { name: `Delivery ${deliveryId}` }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download all my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`keytrail-subject-${customerId}.json`);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      format: string;
      customerId: string;
      view: string;
      complete: boolean;
      deliveries: ProofBundle[];
    };
    expect(file).toMatchObject({
      format: 'keytrail-subject-export/1',
      customerId,
      view: 'owner',
      complete: true,
    });
    expect(file.deliveries.map((d) => d.deliveryId)).toEqual([deliveryId]);
    const text = JSON.stringify(file);
    expect(plaintextIn(text, flagged.values)).toContain(flagged.values.plate);
    expect(plaintextIn(text, other.values).filter((v) => v !== other.values.vin)).toEqual([]);
    await expect(page.getByTestId('export-answer').textContent()).resolves.toMatch(/^Downloaded/);
    await page.getByTestId('access-log').getByText('you downloaded all your data.').waitFor();
    await shoot(page, 'customer-export');
    await context.close();
  });

  it('works from the keyboard alone: skip link, filters, search, result, case form', async () => {
    const { context, page } = await newPage(WIDTHS.phone);
    await signIn(page, '/console/', await t.token('investigator', 'inv-ana'));
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Skip to the content');
    await page.keyboard.press('Enter');
    await expect(page.locator(':focus').getAttribute('id')).resolves.toBe('main');
    await page.getByLabel('Courier id').focus();
    await page.keyboard.type('c-31');
    await page.keyboard.press('Enter'); // submits the search form
    const link = page.getByRole('link', { name: flagged.journey.deliveryId });
    await link.waitFor();
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Reason for the case').waitFor();
    await page.getByLabel('Reason for the case').focus();
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Open a case');
    await context.close();
  });

  it('passes an automated accessibility audit (axe-core, WCAG 2.1 A and AA) on every screen', async () => {
    const found: Record<string, AccessibilityViolation[]> = {};
    const audit = async (page: Page, screen: string) => {
      const violations = await accessibilityViolations(page);
      if (violations.length > 0) found[screen] = violations;
    };
    const { context, page } = await newPage();
    await page.goto(`${base}/console/`);
    await page.getByLabel('Bearer token').waitFor();
    await audit(page, 'console sign-in');
    await page.getByLabel('Bearer token').fill(await t.token('investigator', 'inv-ana'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: flagged.journey.deliveryId }).waitFor();
    await audit(page, 'console search');
    await page.getByRole('link', { name: flagged.journey.deliveryId }).click();
    await page.getByTestId('proof-badge').getByText('Proof verified').waitFor({ timeout: 15_000 });
    await audit(page, 'console delivery');
    await page.goto(`${base}/console/#/anomalies`);
    await page.waitForLoadState('networkidle');
    await audit(page, 'console anomalies');
    await page.goto(`${base}/console/#/cases`);
    await page.getByRole('heading', { name: 'Cases waiting for approval' }).waitFor();
    await page.waitForLoadState('networkidle');
    await audit(page, 'console cases to approve');
    await signIn(page, '/proof/', await t.token('customer', flagged.journey.customerId));
    await page.getByRole('link', { name: `Delivery ${flagged.journey.deliveryId}` }).waitFor();
    await audit(page, 'proof list');
    await page.getByRole('link', { name: `Delivery ${flagged.journey.deliveryId}` }).click();
    await page.getByTestId('proof-badge').getByText('Proof verified').waitFor({ timeout: 15_000 });
    await page.getByTestId('access-log').waitFor();
    await audit(page, 'proof delivery');
    // The audit itself can fail: an input planted without a label is found.
    await page.evaluate("document.querySelector('main').append(document.createElement('input'))");
    const planted = await accessibilityViolations(page);
    await context.close();
    expect(found).toEqual({});
    expect(planted.map((v) => v.rule)).toContain('label');
  });

  it('serves the pages with a policy that lets them load nothing from elsewhere', async () => {
    for (const page of ['/console/', '/proof/', '/console']) {
      const res = await t.http.get(page);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const html = (await t.http.get('/console/')).text;
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await t.http.get(asset!);
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toContain('immutable');
    // No address of anywhere else in any built script (XML namespace names are not requests).
    const assets = path.resolve('dist/web/assets');
    for (const file of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(path.join(assets, file), 'utf8');
      expect(text.match(/https?:\/\/(?!www\.w3\.org\/)[a-z0-9.-]+\.[a-z]{2,}\//gi) ?? []).toEqual(
        [],
      );
    }
    expect((await t.http.get('/console/anything')).status).toBe(404);
  });

  it('asked for nothing outside the app, and put no personal data in any URL', () => {
    expect(escaped).toEqual([]);
    const urls = requested.join('\n');
    expect(plaintextIn(urls, flagged.values)).toEqual([]);
    expect(plaintextIn(urls, other.values)).toEqual([]);
  });
});
