import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { sourceKeysSetting } from '../../src/config/keytrail-config.js';
import type { ProofBundle } from '../../src/verifier/proof-bundle.js';
import { startWitnesses } from '../support/in-process-witnesses.js';
import { at, Journey } from '../support/journey.js';
import { signedHeaders } from '../support/source-signer.js';
import { testIntegrity } from '../support/test-integrity.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { volvoDoors } from '../support/vendor-payloads.js';
import { keytrail } from '../support/witness-process.js';
import { accessibilityViolations } from './accessibility.js';
import { launchChromium } from './chromium.js';

// These run the built CLI (a process start of about 2 s each) on a shared 2-core machine.
jest.setTimeout(180_000);

const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * Issue 17, both kinds of signature in one proof: a checkpoint cosigned by two witnesses and a Volvo
 * doors read signed at the source with Ed25519. `keytrail verify` checks the bundle offline with the
 * witnesses' keys (quorum 2) and Volvo's; the proof page and the console check it in Chromium, with
 * the keys the ledger publishes, and name the witnesses and each fact's signer. Tampered: red.
 */
describe('a proof with witnessed checkpoints and a carmaker-signed fact, in keytrail verify and Chromium', () => {
  const volvo = generateKeyPairSync('ed25519');
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let dir: string;
  let witnesses: Awaited<ReturnType<typeof startWitnesses>>;
  let j: Journey;
  let logKey: string;

  beforeAll(async () => {
    if (!existsSync(path.resolve('dist/web/proof/index.html')))
      throw new Error('The pages are not built: npm run build:web (npm test does it first)');
    dir = mkdtempSync(path.join(tmpdir(), 'keytrail-badge-signers-'));
    const integrity = testIntegrity();
    logKey = integrity.log.verifierKeys[0]!;
    witnesses = await startWitnesses(integrity.log.origin, logKey, dir);
    t = await startTestApp({}, undefined, {
      integrity: {
        ...integrity,
        witnesses: { witnesses: witnesses.config, quorum: 2, timeoutMs: 2000 },
      },
      sourceKeys: sourceKeysSetting(
        JSON.stringify({
          volvo: {
            keys: [{ keyId: 'volvo-ed-1', algorithm: 'ed25519', publicKey: pem(volvo.publicKey) }],
          },
        }),
      ),
    });
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;

    // Scheduled, granted, unlocked, trunk opened and closed, lock requested; then the car's doors
    // read, signed by Volvo's connector: the status read and the lock confirmation it causes.
    j = new Journey(t, 'volvo');
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    expect((await j.closure('opened', '14:00:40')).status).toBe(200);
    expect((await j.closure('closed', '14:01:20')).status).toBe(200);
    expect((await j.requestLock('14:01:30')).status).toBe(200);
    t.clock.set(at('14:01:40'));
    const body = JSON.stringify(volvoDoors(at('14:01:38')));
    const route = `/v1/oem/volvo/${j.deliveryId}/doors`;
    const token = await t.token('oem-connector', 'volvo-connector', 'volvo');
    const signed = await t.http
      .post(route)
      .set({
        authorization: `Bearer ${token}`,
        ...signedHeaders({
          path: route,
          body,
          privateKey: volvo.privateKey,
          keyId: 'volvo-ed-1',
          created: seconds(t.clock.now()),
        }),
      })
      .send(body);
    expect(signed.status).toBe(200);
    await t.settle();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await witnesses?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const SIGNER = 'signed by volvo key volvo-ed-1, created 14:01:40 UTC 2026-11-25';

  it('`keytrail verify` checks both offline: quorum 2 of the witnesses, and Volvo’s signature', async () => {
    const proof = await j.get('proof', 'customer');
    expect(proof.status).toBe(200);
    const bundleFile = path.join(dir, 'bundle.json');
    writeFileSync(bundleFile, JSON.stringify(proof.body));
    const keyFile = path.join(dir, 'volvo-ed-1.pem');
    writeFileSync(keyFile, pem(volvo.publicKey));
    const verify = (file: string, sourceKey = keyFile) =>
      keytrail([
        'verify',
        file,
        '--key',
        logKey,
        ...witnesses.started.flatMap((w) => ['--witness', w.verifierKey]),
        '--quorum',
        '2',
        '--source-key',
        `volvo:volvo-ed-1=${sourceKey}`,
      ]);
    const verified = verify(bundleFile);
    expect(verified.stdout).toContain(`VERIFIED delivery ${j.deliveryId}`);
    for (const w of witnesses.started) expect(verified.stdout).toContain(w.name);
    expect(verified.stdout).toContain(`LockConfirmed — from a status read ${SIGNER}`);
    expect(verified.status).toBe(0);

    // Another key given for Volvo's key id: the signature does not verify, and the bundle fails.
    const otherKey = path.join(dir, 'other.pem');
    writeFileSync(otherKey, pem(generateKeyPairSync('ed25519').publicKey));
    const wrongKey = verify(bundleFile, otherKey);
    expect(wrongKey.stdout).toContain('does not verify with volvo key volvo-ed-1');
    expect(wrongKey.status).toBe(1);

    // One witness's line dropped: quorum 2 is not met.
    const bundle = proof.body as ProofBundle;
    const thinned = path.join(dir, 'thinned.json');
    writeFileSync(
      thinned,
      JSON.stringify({
        ...bundle,
        checkpoint: bundle.checkpoint
          .split('\n')
          .filter((line) => !line.includes(witnesses.started[1]!.name))
          .join('\n'),
      }),
    );
    const unwitnessed = verify(thinned);
    expect(unwitnessed.status).toBe(1);
    expect(unwitnessed.stdout).toContain(witnesses.started[1]!.name);
  });

  /** A page in a fresh context; `keys` changes what the ledger publishes on its way to the page. */
  const newPage = async (
    keys?: (published: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-GB' });
    if (keys)
      await context.route('**/v1/checkpoints/keys', async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          json: keys((await response.json()) as Record<string, unknown>),
        });
      });
    return { context, page: await context.newPage() };
  };

  const signIn = async (page: Page, where: '/console/' | '/proof/', token: string) => {
    await page.goto(`${base}${where}`);
    await page.getByLabel('Bearer token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  const expectAccessible = async (page: Page) =>
    expect(await accessibilityViolations(page)).toEqual([]);

  it('the customer’s proof page: green, naming both witnesses and Volvo’s key for the signed facts', async () => {
    const { context, page } = await newPage();
    await signIn(page, '/proof/', await t.token('customer', j.customerId));
    await page.getByRole('link', { name: `Delivery ${j.deliveryId}` }).click();
    const badge = page.getByTestId('proof-badge');
    await badge.getByText('Proof verified').waitFor({ timeout: 15_000 });
    const witnessed = await page.getByTestId('proof-witnesses').textContent();
    expect(witnessed).toContain('Cosigned by 2 of the 2 witnesses (the ledger asks for 2)');
    for (const w of witnesses.started) expect(witnessed).toContain(w.name);

    const facts = await page.getByTestId('fact-signer').allTextContents();
    const signed = facts.filter((fact) => fact.includes(SIGNER));
    // The doors read and the lock confirmation it caused, each checked with Volvo's published key.
    expect(signed).toHaveLength(2);
    for (const fact of signed)
      expect(fact).toContain(
        'verified in this browser with key volvo-ed-1, as the ledger publishes it for volvo',
      );
    expect(facts.filter((fact) => fact.includes('unsigned')).length).toBe(facts.length - 2);
    await expect(page.getByTestId('proof-signers').textContent()).resolves.toContain('2 of');
    expect(await badge.getAttribute('class')).toContain('proof-verified');
    await expectAccessible(page);
    await context.close();
  });

  it('the console: each timeline entry says who signed it', async () => {
    const { context, page } = await newPage();
    await signIn(page, '/console/', await t.token('investigator', 'inv-ana'));
    await page.goto(`${base}/console/#/deliveries/${j.deliveryId}`);
    await page.getByTestId('proof-badge').getByText('Proof verified').waitFor({ timeout: 15_000 });
    const entries = page.getByTestId('timeline-entry');
    await entries.first().getByTestId('entry-signer').waitFor();
    const lines = await entries.allTextContents();
    const signers = await page.getByTestId('entry-signer').allTextContents();
    // One signer line an entry: Volvo's for the doors read and the lock, unsigned for the rest.
    expect(signers).toHaveLength(lines.length);
    expect(signers.filter((s) => s.includes('Signed by volvo key volvo-ed-1'))).toHaveLength(2);
    const signedEntries = lines.filter((line) => line.includes('Signed by volvo key volvo-ed-1'));
    expect(
      signedEntries.map((line) => /(VehicleStatusReported|LockConfirmed) —/.exec(line)?.[1]),
    ).toEqual(['VehicleStatusReported', 'LockConfirmed']);
    expect(signers[0]).toMatch(/^Unsigned: recorded on the word of /);
    await expectAccessible(page);
    await context.close();
  });

  it('red, loudly, when the key the page is given is not the one that signed', async () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    const { context, page } = await newPage((published) => ({
      ...published,
      sourceKeys: [
        {
          carmaker: 'volvo',
          keyId: 'volvo-ed-1',
          algorithm: 'ed25519',
          publicKey: other.export({ type: 'spki', format: 'der' }).toString('base64'),
        },
      ],
    }));
    await signIn(page, '/console/', await t.token('investigator', 'inv-ana'));
    await page.goto(`${base}/console/#/deliveries/${j.deliveryId}`);
    const badge = page.getByTestId('proof-badge');
    await badge.getByText('Proof FAILED').waitFor({ timeout: 15_000 });
    expect(await badge.getAttribute('class')).toContain('proof-failed');
    await expect(badge.textContent()).resolves.toContain(
      'does NOT verify: the signature does not verify with volvo key volvo-ed-1',
    );
    const failed = page.locator('[data-testid="entry-signer"].signer-failed');
    await failed.first().waitFor();
    expect(await failed.count()).toBe(2);
    await expect(failed.first().textContent()).resolves.toContain('Signature FAILED');
    await expectAccessible(page);
    await context.close();
  });

  it('red when the ledger publishes the key as revoked before the fact was signed', async () => {
    const { context, page } = await newPage((published) => ({
      ...published,
      sourceKeys: (published.sourceKeys as Record<string, unknown>[]).map((key) => ({
        ...key,
        notAfter: '2026-11-25T14:00:00.000Z',
      })),
    }));
    await signIn(page, '/proof/', await t.token('customer', j.customerId));
    await page.getByRole('link', { name: `Delivery ${j.deliveryId}` }).click();
    const badge = page.getByTestId('proof-badge');
    await badge.getByText('Proof FAILED').waitFor({ timeout: 15_000 });
    const failed = await page
      .locator('[data-testid="fact-signer"].signer-failed')
      .allTextContents();
    expect(failed).toHaveLength(2);
    for (const fact of failed)
      expect(fact).toContain(
        'does NOT count: it was created after 2026-11-25T14:00:00.000Z, when the ledger says key volvo-ed-1 stopped being valid',
      );
    await expectAccessible(page);
    await context.close();
  });

  it('red when the signed fact in the bundle was changed on its way', async () => {
    const { context, page } = await newPage();
    await context.route('**/v1/deliveries/*/proof', async (route) => {
      const response = await route.fetch();
      const bundle = (await response.json()) as ProofBundle;
      // The signed doors read's key id rewritten in its canonical bytes.
      const events = bundle.events.map((event) => ({
        ...event,
        canonical: event.canonical.replace('"keyId":"volvo-ed-1"', '"keyId":"volvo-ed-2"'),
      }));
      expect(events).not.toEqual(bundle.events);
      await route.fulfill({ response, json: { ...bundle, events } });
    });
    await signIn(page, '/proof/', await t.token('customer', j.customerId));
    await page.getByRole('link', { name: `Delivery ${j.deliveryId}` }).click();
    const badge = page.getByTestId('proof-badge');
    await badge.getByText('Proof FAILED').waitFor({ timeout: 15_000 });
    expect(await badge.getAttribute('class')).toContain('proof-failed');
    await expect(page.getByTestId('fact-signer').count()).resolves.toBe(0);
    await context.close();
  });
});
