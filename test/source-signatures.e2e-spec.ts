import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';

import { type SourceKeysConfig, sourceKeysSetting } from '../src/config/keytrail-config.js';
import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import { at, Journey } from './support/journey.js';
import { signedHeaders, type SignOptions } from './support/source-signer.js';
import { approveCase } from './support/cases.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { teslaVehicleData, volvoDoors, volvoInvoke } from './support/vendor-payloads.js';
import { keytrail } from './support/witness-process.js';

// These run the built CLI (a process start of about 2 s each) on a shared 2-core machine.
jest.setTimeout(180_000);

/**
 * Issue 17, "facts signed at the source": a carmaker webhook signed by its connector (RFC 9421 over
 * the body's Content-Digest, @path and @method) is checked on arrival and stored with its evidence;
 * anything that does not verify is refused and stores nothing; a proof bundle names each fact's signer.
 */
const pair = (type: 'ed25519' | 'ec') =>
  type === 'ed25519'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
const volvoEd = pair('ed25519');
const volvoEs = pair('ec');
const volvoOld = pair('ed25519');
const gmKey = pair('ed25519');
const teslaKey = pair('ed25519');
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

/** Configured as an operator would: JSON text, a JWK, PEM and base64 SPKI keys. */
const SOURCE_KEYS = JSON.stringify({
  volvo: {
    required: false,
    keys: [
      { keyId: 'volvo-ed-1', algorithm: 'ed25519', publicKey: pem(volvoEd.publicKey) },
      {
        keyId: 'volvo-es-1',
        algorithm: 'ecdsa-p256-sha256',
        publicKey: volvoEs.publicKey.export({ format: 'jwk' }),
        notBefore: '2026-01-01T00:00:00Z',
      },
      {
        keyId: 'volvo-2025',
        algorithm: 'ed25519',
        publicKey: volvoOld.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        notAfter: '2026-01-01T00:00:00Z',
      },
    ],
  },
  gm: { keys: [{ keyId: 'gm-1', algorithm: 'ed25519', publicKey: pem(gmKey.publicKey) }] },
  tesla: {
    required: true,
    keys: [{ keyId: 'tesla-1', algorithm: 'ed25519', publicKey: pem(teslaKey.publicKey) }],
  },
});

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

interface StoredEvidence {
  keyId: string;
  carmaker: string;
  algorithm: string;
  created: string;
  signatureInput: string;
  signature: string;
  components: { name: string; value: string }[];
  body: unknown;
}

describe('facts signed at the source: carmaker webhooks with RFC 9421 signatures', () => {
  let t: TestApp;
  const sourceKeys: SourceKeysConfig = sourceKeysSetting(SOURCE_KEYS);
  beforeAll(async () => {
    t = await startTestApp({}, undefined, { sourceKeys });
  });
  afterAll(async () => {
    await t?.close();
  });

  const stored = (j: Journey) => t.database.store.readStream(deliveryStreamId(j.deliveryId));

  /** Scheduled, granted, unlocked, trunk opened and closed, lock requested at 14:01:30. */
  async function lockRequested(vendor: Journey['vendor']): Promise<Journey> {
    const j = new Journey(t, vendor);
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    expect((await j.closure('opened', '14:00:40')).status).toBe(200);
    expect((await j.closure('closed', '14:01:20')).status).toBe(200);
    expect((await j.requestLock('14:01:30')).status).toBe(200);
    return j;
  }

  /** A webhook posted by the delivery's connector, with the exact body text and the headers given. */
  async function webhook(
    j: Journey,
    route: string,
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) {
    const token = await t.token('oem-connector', `${j.vendor}-connector`, j.vendor);
    return t.http
      .post(`/v1/oem/${j.vendor}/${j.deliveryId}/${route}`)
      .set({ authorization: `Bearer ${token}`, ...headers })
      .send(body);
  }

  /** The headers a connector signs the route's body with (created: the ledger's now). */
  const signed = (
    j: Journey,
    route: string,
    body: string,
    privateKey: KeyObject,
    keyId: string,
    overrides: Partial<SignOptions> = {},
  ) =>
    signedHeaders({
      path: `/v1/oem/${j.vendor}/${j.deliveryId}/${route}`,
      body,
      privateKey,
      keyId,
      created: seconds(t.clock.now()),
      ...overrides,
    });

  /** The evidence stored with each event, as the store holds it (the body sealed). */
  const evidenceOf = async (j: Journey, from: number) =>
    (await stored(j))
      .slice(from)
      .map((e) => (e.data as { sourceSignature?: StoredEvidence }).sourceSignature);

  it('records a status read signed with Ed25519 with its evidence, on every fact it caused', async () => {
    const j = await lockRequested('volvo');
    t.clock.set(at('14:01:40'));
    const before = (await stored(j)).length;
    const body = JSON.stringify(volvoDoors(at('14:01:38')));
    const res = await webhook(
      j,
      'doors',
      body,
      signed(j, 'doors', body, volvoEd.privateKey, 'volvo-ed-1'),
    );
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'VehicleStatusReported',
      'LockConfirmed',
    ]);
    const evidence = await evidenceOf(j, before);
    expect(evidence).toHaveLength(2);
    for (const e of evidence) {
      expect(e).toMatchObject({
        carmaker: 'volvo',
        keyId: 'volvo-ed-1',
        algorithm: 'ed25519',
        created: at('14:01:40'),
        components: [
          { name: 'content-digest', value: expect.stringMatching(/^sha-256=:/) },
          { name: '@path', value: `/v1/oem/volvo/${j.deliveryId}/doors` },
          { name: '@method', value: 'POST' },
        ],
      });
      expect(e!.signatureInput).toMatch(/^sig1=\("content-digest" "@path" "@method"\);created=/);
      expect(e!.signature).toMatch(/^sig1=:/);
      // The body carries the VIN: sealed in the ledger like the payload, in clear to an investigator.
      expect(JSON.stringify(e!.body)).not.toContain('YV1CT');
    }
    // An investigator without a case sees a stand-in for it, as for the payload it duplicates.
    for (const entry of (await j.timeline()).entries.slice(before))
      expect((entry.data.sourceSignature as StoredEvidence).body).toHaveProperty('$personal');
  });

  it('records a command result signed with ES256 (P-256, raw r‖s)', async () => {
    const j = await lockRequested('volvo');
    t.clock.set(at('14:01:35'));
    const before = (await stored(j)).length;
    const body = JSON.stringify(volvoInvoke('COMPLETED'));
    const route = 'commands/cmd-lock-1';
    const res = await webhook(
      j,
      route,
      body,
      signed(j, route, body, volvoEs.privateKey, 'volvo-es-1'),
    );
    expect(res.status).toBe(200);
    const evidence = await evidenceOf(j, before);
    expect(evidence).toEqual([
      expect.objectContaining({ keyId: 'volvo-es-1', algorithm: 'ecdsa-p256-sha256' }),
    ]);
  });

  describe('refuses what does not verify, and stores nothing', () => {
    let j: Journey;
    const route = 'doors';
    const body = () => JSON.stringify(volvoDoors(at('14:01:38')));
    beforeAll(async () => {
      j = await lockRequested('volvo');
    });

    const refusedWith = async (
      status: number,
      code: string,
      headers: Record<string, string>,
      sent = body(),
    ) => {
      t.clock.set(at('14:01:40'));
      const before = (await stored(j)).length;
      const res = await webhook(j, route, sent, headers);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
      expect((await stored(j)).length).toBe(before);
    };

    it('a tampered body, its digest recomputed: 401 SOURCE.BAD_SIGNATURE', async () => {
      t.clock.set(at('14:01:40'));
      const headers = signed(j, route, body(), volvoEd.privateKey, 'volvo-ed-1');
      const tampered = JSON.stringify(volvoDoors(at('14:01:38'), { tailgate: 'OPEN' }));
      const { 'content-digest': digest } = signed(
        j,
        route,
        tampered,
        volvoEd.privateKey,
        'volvo-ed-1',
      );
      await refusedWith(
        401,
        'SOURCE.BAD_SIGNATURE',
        { ...headers, 'content-digest': digest! },
        tampered,
      );
    });

    it('a body that is not the one its signed Content-Digest states: 400 SOURCE.DIGEST_MISMATCH', async () => {
      t.clock.set(at('14:01:40'));
      const headers = signed(j, route, body(), volvoEd.privateKey, 'volvo-ed-1');
      const other = JSON.stringify(volvoDoors(at('14:01:39')));
      await refusedWith(400, 'SOURCE.DIGEST_MISMATCH', headers, other);
    });

    it('a signature by another key under a known key id: 401 SOURCE.BAD_SIGNATURE', async () => {
      t.clock.set(at('14:01:40'));
      const headers = signed(j, route, body(), pair('ed25519').privateKey, 'volvo-ed-1');
      await refusedWith(401, 'SOURCE.BAD_SIGNATURE', headers);
    });

    it("another carmaker's key: 401 SOURCE.WRONG_CARMAKER", async () => {
      t.clock.set(at('14:01:40'));
      await refusedWith(
        401,
        'SOURCE.WRONG_CARMAKER',
        signed(j, route, body(), gmKey.privateKey, 'gm-1'),
      );
    });

    it('a key past its validity: 401 SOURCE.KEY_NOT_VALID', async () => {
      t.clock.set(at('14:01:40'));
      const headers = signed(j, route, body(), volvoOld.privateKey, 'volvo-2025');
      await refusedWith(401, 'SOURCE.KEY_NOT_VALID', headers);
    });

    it('an unknown key id: 401 SOURCE.UNKNOWN_KEY', async () => {
      t.clock.set(at('14:01:40'));
      const headers = signed(j, route, body(), volvoEd.privateKey, 'volvo-unknown');
      await refusedWith(401, 'SOURCE.UNKNOWN_KEY', headers);
    });

    it('a signature created too long ago, or expired: 401 SOURCE.SIGNATURE_EXPIRED', async () => {
      t.clock.set(at('14:01:40'));
      const old = signed(j, route, body(), volvoEd.privateKey, 'volvo-ed-1', {
        created: seconds(at('13:50:00')),
      });
      await refusedWith(401, 'SOURCE.SIGNATURE_EXPIRED', old);
      const expired = signed(j, route, body(), volvoEd.privateKey, 'volvo-ed-1', {
        expires: seconds(at('14:01:39')),
      });
      await refusedWith(401, 'SOURCE.SIGNATURE_EXPIRED', expired);
    });

    it('a signature created in the future: 401 SOURCE.SIGNATURE_FROM_FUTURE', async () => {
      t.clock.set(at('14:01:40'));
      const headers = signed(j, route, body(), volvoEd.privateKey, 'volvo-ed-1', {
        created: seconds(at('14:30:00')),
      });
      await refusedWith(401, 'SOURCE.SIGNATURE_FROM_FUTURE', headers);
    });

    it('malformed signature headers, or a signature that leaves out @path: 400 SOURCE.MALFORMED_SIGNATURE', async () => {
      t.clock.set(at('14:01:40'));
      const good = signed(j, route, body(), volvoEd.privateKey, 'volvo-ed-1');
      await refusedWith(400, 'SOURCE.MALFORMED_SIGNATURE', {
        ...good,
        signature: 'sig1=not bytes',
      });
      await refusedWith(400, 'SOURCE.MALFORMED_SIGNATURE', {
        ...good,
        'signature-input': 'sig1=("content-digest" "@path" "@method")',
      });
      const { signature: _, ...withoutSignature } = good;
      await refusedWith(400, 'SOURCE.MALFORMED_SIGNATURE', withoutSignature);
      const narrow = signed(j, route, body(), volvoEd.privateKey, 'volvo-ed-1', {
        components: ['content-digest', '@method'],
      });
      await refusedWith(400, 'SOURCE.MALFORMED_SIGNATURE', narrow);
    });
  });

  it('refuses an unsigned webhook of a carmaker that requires signatures: 401, nothing stored', async () => {
    const j = await lockRequested('tesla');
    t.clock.set(at('14:01:40'));
    const before = (await stored(j)).length;
    const res = await webhook(j, 'vehicle-data', JSON.stringify(teslaVehicleData(at('14:01:38'))));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SOURCE.SIGNATURE_REQUIRED');
    expect((await stored(j)).length).toBe(before);

    const body = JSON.stringify(teslaVehicleData(at('14:01:38')));
    const ok = await webhook(
      j,
      'vehicle-data',
      body,
      signed(j, 'vehicle-data', body, teslaKey.privateKey, 'tesla-1'),
    );
    expect(ok.status).toBe(200);
  });

  it('records an unsigned webhook where signing is optional as unsigned', async () => {
    const j = await lockRequested('volvo');
    t.clock.set(at('14:01:40'));
    const before = (await stored(j)).length;
    const res = await webhook(j, 'doors', JSON.stringify(volvoDoors(at('14:01:38'))));
    expect(res.status).toBe(200);
    expect(await evidenceOf(j, before)).toEqual([undefined, undefined]);
  });

  it('`keytrail verify` tells each fact’s signer from the proof bundle, checked offline with the carmaker’s key', async () => {
    const j = await lockRequested('volvo');
    t.clock.set(at('14:01:38'));
    const unsigned = JSON.stringify(volvoDoors(at('14:01:37'), { centralLock: 'UNLOCKED' }));
    expect((await webhook(j, 'doors', unsigned)).status).toBe(200);
    t.clock.set(at('14:01:40'));
    const body = JSON.stringify(volvoDoors(at('14:01:39')));
    const res = await webhook(
      j,
      'doors',
      body,
      signed(j, 'doors', body, volvoEd.privateKey, 'volvo-ed-1'),
    );
    expect(res.status).toBe(200);
    await t.settle();

    const keys = await t.http.get('/v1/checkpoints/keys');
    const logKey = keys.body.verifierKeys[0] as string;
    const investigator = { authorization: `Bearer ${await t.token('investigator', 'inv-1')}` };
    const dir = mkdtempSync(path.join(tmpdir(), 'keytrail-sources-'));
    const keyFile = path.join(dir, 'volvo-ed-1.pem');
    writeFileSync(keyFile, pem(volvoEd.publicKey));
    const verify = async (query: string, sourceKey = keyFile) => {
      const proof = await t.http
        .get(`/v1/deliveries/${j.deliveryId}/proof${query}`)
        .set(investigator);
      expect(proof.status).toBe(200);
      const file = path.join(dir, `bundle${query.length}.json`);
      writeFileSync(file, JSON.stringify(proof.body));
      return keytrail([
        'verify',
        file,
        '--key',
        logKey,
        '--source-key',
        `volvo:volvo-ed-1=${sourceKey}`,
      ]);
    };
    const signer =
      'from a status read signed by volvo key volvo-ed-1, created 14:01:40 UTC 2026-11-25';

    // Without a case the body is sealed in the bundle: the signature over its digest is what is checked.
    const sealed = await verify('');
    expect(sealed.stdout).toContain(`VERIFIED delivery ${j.deliveryId}`);
    expect(sealed.stdout).toContain('VehicleStatusReported — unsigned (oem:volvo)');
    expect(sealed.stdout).toContain(
      `LockConfirmed — ${signer} (body sealed in this view: its digest was signed, the bytes not compared)`,
    );
    expect(sealed.status).toBe(0);

    // Under a case the body is in clear, and compared with the digest the carmaker signed.
    const opened = await t.http
      .post('/v1/cases')
      .set(investigator)
      .send({
        caseId: `case-${j.deliveryId}`,
        deliveryIds: [j.deliveryId],
        reason: 'disputed lock',
      });
    expect(opened.status).toBe(201);
    await approveCase(t, `case-${j.deliveryId}`);
    const verified = await verify(`?caseId=case-${j.deliveryId}`);
    expect(verified.stdout).toContain(
      `LockConfirmed — ${signer} (body matches the signed Content-Digest)`,
    );
    expect(verified.status).toBe(0);

    // Another key given for the same key id: the signature does not verify, and the bundle fails.
    const otherFile = path.join(dir, 'other.pem');
    writeFileSync(otherFile, pem(pair('ed25519').publicKey));
    const wrong = await verify('', otherFile);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain('✗ source');
    expect(wrong.stdout).toContain('does not verify with volvo key volvo-ed-1');
  });
});
