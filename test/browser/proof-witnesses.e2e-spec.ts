import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import type { ProofBundle } from '../../src/verifier/proof-bundle.js';
import { startWitnesses } from '../support/in-process-witnesses.js';
import { privateDelivery } from '../support/private-delivery.js';
import { testIntegrity } from '../support/test-integrity.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchChromium } from './chromium.js';

describe('the proof badge names the witnesses who cosigned, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let dir: string;
  let witnesses: Awaited<ReturnType<typeof startWitnesses>>;
  let deliveryId: string;
  let customerId: string;

  beforeAll(async () => {
    if (!existsSync(path.resolve('dist/web/proof/index.html')))
      throw new Error('The pages are not built: npm run build:web (npm test does it first)');
    dir = mkdtempSync(path.join(tmpdir(), 'keytrail-badge-witnesses-'));
    const integrity = testIntegrity();
    witnesses = await startWitnesses(integrity.log.origin, integrity.log.verifierKeys[0]!, dir);
    t = await startTestApp({}, undefined, {
      integrity: {
        ...integrity,
        witnesses: {
          witnesses: witnesses.config,
          quorum: 2,
          timeoutMs: 2000,
        },
      },
    });
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const { journey } = await privateDelivery(t, 41);
    deliveryId = journey.deliveryId;
    customerId = journey.customerId;
    await t.settle();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await witnesses?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The customer's proof page for the delivery; `tamper` changes the bundle on its way. */
  const openProof = async (tamper?: (bundle: ProofBundle) => ProofBundle): Promise<Page> => {
    const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-GB' });
    if (tamper)
      await context.route('**/v1/deliveries/*/proof', async (route) => {
        const response = await route.fetch();
        const bundle = tamper((await response.json()) as ProofBundle);
        await route.fulfill({ response, json: bundle });
      });
    const page = await context.newPage();
    await page.goto(`${base}/proof/`);
    await page.getByLabel('Bearer token').fill(await t.token('customer', customerId));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: `Delivery ${deliveryId}` }).click();
    return page;
  };

  it('lists both witnesses and when each cosigned the checkpoint the proof leads to', async () => {
    const page = await openProof();
    const badge = page.getByTestId('proof-badge');
    await badge.getByText('Proof verified').waitFor({ timeout: 15_000 });
    const listed = await page.getByTestId('proof-witnesses').textContent();
    expect(listed).toContain('Cosigned by 2 of the 2 witnesses (the ledger asks for 2)');
    for (const w of witnesses.started) expect(listed).toMatch(new RegExp(`${w.name}, at \\d{4}-`));
    await page.context().close();
  });

  it('says when fewer witnesses than the quorum cosigned', async () => {
    const page = await openProof((bundle) => ({
      ...bundle,
      checkpoint: bundle.checkpoint
        .split('\n')
        .filter((line) => !line.includes(witnesses.started[1]!.name))
        .join('\n'),
    }));
    await page.getByTestId('proof-badge').getByText('Proof verified').waitFor({ timeout: 15_000 });
    const listed = await page.getByTestId('proof-witnesses').textContent();
    expect(listed).toContain('Cosigned by only 1 of the 2 witnesses the ledger asks for');
    expect(listed).not.toContain(witnesses.started[1]!.name);
    await page.context().close();
  });

  it('fails the proof when a line under a witness’s name does not verify', async () => {
    const page = await openProof((bundle) => ({
      ...bundle,
      // The cosignature's time changed: its signature no longer covers it.
      checkpoint: bundle.checkpoint.replace(
        new RegExp(`(\u2014 ${witnesses.started[0]!.name} [A-Za-z0-9+/]{6})([A-Za-z0-9+/])`),
        (_, head: string, c: string) => `${head}${c === 'A' ? 'B' : 'A'}`,
      ),
    }));
    const badge = page.getByTestId('proof-badge');
    await badge.getByText('Proof FAILED').waitFor({ timeout: 15_000 });
    await expect(badge.textContent()).resolves.toContain(witnesses.started[0]!.name);
    await page.context().close();
  });
});
