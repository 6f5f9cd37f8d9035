import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { sourceKeysSetting } from '../src/config/keytrail-config.js';
import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import { at, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { volvoDoors, volvoInvoke } from './support/vendor-payloads.js';

/**
 * `scripts/sign-webhook.js`, the connector's signer of docs/INTEGRITY.md's walk-through: the headers it
 * prints are what keytrail accepts for the exact bytes of the body file, with an Ed25519 or a P-256
 * key; a body changed after signing is refused; a call without its options is told how to call it.
 */
const SCRIPT = path.resolve('scripts/sign-webhook.js');
const ed = generateKeyPairSync('ed25519');
const es = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).toString('base64');

const run = (args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });

/** The header lines the script prints, as curl -H @file sends them. */
const headersOf = (stdout: string) =>
  Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => {
        const colon = line.indexOf(': ');
        return [line.slice(0, colon), line.slice(colon + 2)];
      }),
  );

describe('scripts/sign-webhook.js signs a carmaker webhook as keytrail checks it', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, {
      sourceKeys: sourceKeysSetting(
        JSON.stringify({
          volvo: {
            required: true,
            keys: [
              { keyId: 'volvo-2026', algorithm: 'ed25519', publicKey: spki(ed.publicKey) },
              { keyId: 'volvo-es', algorithm: 'ecdsa-p256-sha256', publicKey: spki(es.publicKey) },
            ],
          },
        }),
      ),
    });
    dir = mkdtempSync(path.join(tmpdir(), 'keytrail-sign-webhook-'));
    for (const [name, key] of [
      ['volvo-2026.key', ed.privateKey],
      ['volvo-es.key', es.privateKey],
    ] as const)
      writeFileSync(path.join(dir, name), key.export({ type: 'pkcs8', format: 'pem' }));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function lockRequested(): Promise<Journey> {
    const j = new Journey(t, 'volvo');
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    expect((await j.closure('opened', '14:00:40')).status).toBe(200);
    expect((await j.closure('closed', '14:01:20')).status).toBe(200);
    expect((await j.requestLock('14:01:30')).status).toBe(200);
    return j;
  }

  /** Signs the body file with the script, then posts `sent` (default: the file's bytes). */
  async function signAndPost(j: Journey, route: string, body: string, key: string, sent = body) {
    const file = path.join(dir, `${j.deliveryId}-${route.replace(/\//g, '-')}.json`);
    writeFileSync(file, body);
    const requestPath = `/v1/oem/volvo/${j.deliveryId}/${route}`;
    const signed = run([
      '--key',
      path.join(dir, `${key}.key`),
      '--key-id',
      key,
      '--path',
      requestPath,
      '--body',
      file,
      '--created',
      String(Math.floor(Date.parse(t.clock.now()) / 1000)),
    ]);
    expect(signed.stderr).toBe('');
    expect(signed.status).toBe(0);
    const token = await t.token('oem-connector', 'volvo-connector', 'volvo');
    return t.http
      .post(requestPath)
      .set({ authorization: `Bearer ${token}`, ...headersOf(signed.stdout) })
      .send(sent === body ? readFileSync(file, 'utf8') : sent);
  }

  const evidence = async (j: Journey) =>
    (await t.database.store.readStream(deliveryStreamId(j.deliveryId)))
      .map((e) => (e.data as { sourceSignature?: { keyId: string } }).sourceSignature?.keyId)
      .filter(Boolean);

  it('an Ed25519 doors read: accepted, and its facts carry the signature as evidence', async () => {
    const j = await lockRequested();
    t.clock.set(at('14:01:40'));
    const res = await signAndPost(
      j,
      'doors',
      JSON.stringify(volvoDoors(at('14:01:38'))),
      'volvo-2026',
    );
    expect(res.status).toBe(200);
    expect(res.body.lockConfirmed).toBe(true);
    expect(await evidence(j)).toEqual(['volvo-2026', 'volvo-2026']);
  });

  it('a P-256 (ES256) command result: accepted', async () => {
    const j = await lockRequested();
    t.clock.set(at('14:01:35'));
    const res = await signAndPost(
      j,
      'commands/cmd-lock-1',
      JSON.stringify(volvoInvoke('COMPLETED')),
      'volvo-es',
    );
    expect(res.status).toBe(200);
    expect(await evidence(j)).toEqual(['volvo-es']);
  });

  it('a body changed after it was signed: refused, nothing stored', async () => {
    const j = await lockRequested();
    t.clock.set(at('14:01:40'));
    const res = await signAndPost(
      j,
      'doors',
      JSON.stringify(volvoDoors(at('14:01:38'))),
      'volvo-2026',
      JSON.stringify(volvoDoors(at('14:01:38'), { tailgate: 'OPEN' })),
    );
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 400,
      code: 'SOURCE.DIGEST_MISMATCH',
    });
    expect(await evidence(j)).toEqual([]);
  });

  it('without its options, or with a key id it cannot put in a header: usage, exit 2', () => {
    const missing = run(['--key', path.join(dir, 'volvo-2026.key')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('usage: node scripts/sign-webhook.js');
    const quoted = run([
      ...['--key', path.join(dir, 'volvo-2026.key'), '--key-id', 'a"b'],
      ...['--path', '/v1/x', '--body', SCRIPT],
    ]);
    expect(quoted.status).toBe(2);
    expect(quoted.stdout).toBe('');
  });
});
