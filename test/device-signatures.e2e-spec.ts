import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';

import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import { deviceStreamId } from '../src/domain/device/device.events.js';
import { at, AT_THE_CAR, Journey } from './support/journey.js';
import { pngPhoto, sha256Hex, uploadPhoto } from './support/photos.js';
import { signedHeaders } from './support/source-signer.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { keytrail } from './support/witness-process.js';

// These run the built CLI (a process start of about 2 s each) on a shared 2-core machine.
jest.setTimeout(180_000);

/**
 * Issue 17, courier devices: the delivery service registers a courier's device key, and a drop
 * receipt (PackagePlaced, with the photo's digest, capturedAt and geotag) signed by that device
 * (RFC 9421, as the carmakers' webhooks) is checked on arrival and stored with its evidence; what
 * does not verify is refused and stores nothing; `keytrail verify` names the device and its courier.
 */
const courierKey = generateKeyPairSync('ed25519');
const courierEsKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherCourierKey = generateKeyPairSync('ed25519');
const expiredKey = generateKeyPairSync('ed25519');
const revokedKey = generateKeyPairSync('ed25519');
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).toString('base64');

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const VALID = { notBefore: '2026-11-01T00:00:00Z', notAfter: '2027-11-01T00:00:00Z' };

interface StoredEvidence {
  carmaker: string;
  courierId: string;
  keyId: string;
  algorithm: string;
  created: string;
  components: { name: string; value: string }[];
  body: unknown;
}

describe('courier devices: drop receipts signed by a registered device', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set(at('12:00:00'));
    for (const [deviceId, courierId, publicKey, validity] of [
      ['dev-c123', 'c-123', courierKey.publicKey.export({ format: 'jwk' }), VALID],
      ['dev-c123-es', 'c-123', spki(courierEsKey.publicKey), VALID],
      ['dev-c999', 'c-999', pem(otherCourierKey.publicKey), VALID],
      [
        'dev-c123-old',
        'c-123',
        spki(expiredKey.publicKey),
        { notBefore: '2025-11-01T00:00:00Z', notAfter: '2026-11-01T00:00:00Z' },
      ],
      ['dev-c123-lost', 'c-123', spki(revokedKey.publicKey), VALID],
    ] as const) {
      const res = await register({ deviceId, courierId, publicKey, ...validity });
      expect(res.status).toBe(200);
    }
    const revoked = await t.http
      .post('/v1/devices/dev-c123-lost/revoke')
      .set(await as('admin'))
      .send({ reason: 'phone lost' });
    expect(revoked.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = async (role: 'delivery-service' | 'admin') => ({
    authorization: `Bearer ${await t.token(role, `${role}-1`)}`,
  });
  const register = async (body: object) =>
    t.http
      .post('/v1/devices')
      .set(await as('delivery-service'))
      .send(body);
  const stored = (j: Journey) => t.database.store.readStream(deliveryStreamId(j.deliveryId));

  /** Scheduled, granted to courier c-123, unlocked, trunk opened: the courier at the drop, 14:01:00. */
  async function atTheDrop(): Promise<Journey> {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    expect((await j.closure('opened', '14:00:40')).status).toBe(200);
    t.clock.set(at('14:01:00'));
    return j;
  }

  /** At the drop, the photo uploaded: the body to sign. */
  async function readyToDrop(): Promise<{ j: Journey; body: string }> {
    const j = await atTheDrop();
    const photo = await uploadPhoto(t, j.deliveryId);
    const body = JSON.stringify({
      packageId: 'p-1',
      photo: {
        sha256: photo.sha256,
        ref: photo.ref,
        capturedAt: at('14:00:58'),
        geotag: AT_THE_CAR,
      },
    });
    return { j, body };
  }

  /** POST /packages with the exact body text and the headers given. */
  const place = async (
    j: Journey,
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) =>
    t.http
      .post(`/v1/deliveries/${j.deliveryId}/packages`)
      .set({ ...(await as('delivery-service')), ...headers })
      .send(body);

  const signed = (j: Journey, body: string, privateKey: KeyObject, keyId: string) =>
    signedHeaders({
      path: `/v1/deliveries/${j.deliveryId}/packages`,
      body,
      privateKey,
      keyId,
      created: seconds(t.clock.now()),
    });

  describe('registering a device', () => {
    it('records DeviceRegistered in the device stream, the key in one spelling whatever its form', async () => {
      const events = await t.database.store.readStream(deviceStreamId('dev-c123'));
      expect(events.map((e) => [e.type, e.metadata.streamId])).toEqual([
        ['DeviceRegistered', 'device-dev-c123'],
      ]);
      expect(events[0]!.data).toEqual({
        deviceId: 'dev-c123',
        courierId: 'c-123',
        algorithm: 'ed25519',
        publicKey: spki(courierKey.publicKey),
        notBefore: '2026-11-01T00:00:00.000Z',
        notAfter: '2027-11-01T00:00:00.000Z',
      });
      const es = await t.database.store.readStream(deviceStreamId('dev-c123-es'));
      expect(es[0]!.data).toMatchObject({ algorithm: 'ecdsa-p256-sha256' });
    });

    it('answers the same registration again with no change, in another form of the same key too', async () => {
      const res = await register({
        deviceId: 'dev-c123',
        courierId: 'c-123',
        publicKey: pem(courierKey.publicKey),
        ...VALID,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deviceId: 'dev-c123', changed: false, events: [] });
    });

    it('refuses another key under a registered id, or a revoked id: 409, nothing stored', async () => {
      const other = await register({
        deviceId: 'dev-c123',
        courierId: 'c-123',
        publicKey: spki(otherCourierKey.publicKey),
        ...VALID,
      });
      expect({ status: other.status, code: other.body.error?.code }).toEqual({
        status: 409,
        code: 'DEVICE.ID_TAKEN',
      });
      const again = await register({
        deviceId: 'dev-c123-lost',
        courierId: 'c-123',
        publicKey: spki(revokedKey.publicKey),
        ...VALID,
      });
      expect(again.status).toBe(409);
      expect(await t.database.store.readStream(deviceStreamId('dev-c123'))).toHaveLength(1);
    });

    it('refuses a key that is none, a bad id, and a validity that ends first', async () => {
      const base = { deviceId: 'dev-x', courierId: 'c-123', ...VALID };
      for (const publicKey of ['not a key', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }, 42, null]) {
        const res = await register({ ...base, publicKey });
        expect({ status: res.status, code: res.body.error?.code }).toEqual({
          status: 400,
          code: 'REQUEST.INVALID',
        });
      }
      const badId = await register({
        ...base,
        deviceId: '../x',
        publicKey: spki(courierKey.publicKey),
      });
      expect(badId.status).toBe(400);
      const backwards = await register({
        ...base,
        publicKey: spki(courierKey.publicKey),
        notAfter: '2026-10-01T00:00:00Z',
      });
      expect({ status: backwards.status, code: backwards.body.error?.code }).toEqual({
        status: 422,
        code: 'DEVICE.INVALID_VALIDITY',
      });
      expect(await t.database.store.readStream(deviceStreamId('dev-x'))).toEqual([]);
    });

    it('revokes once, and answers 404 for a device never registered', async () => {
      const again = await t.http
        .post('/v1/devices/dev-c123-lost/revoke')
        .set(await as('delivery-service'))
        .send({ reason: 'phone lost' });
      expect(again.body).toMatchObject({ changed: false });
      const lost = await t.database.store.readStream(deviceStreamId('dev-c123-lost'));
      expect(lost.map((e) => e.type)).toEqual(['DeviceRegistered', 'DeviceRevoked']);
      expect(lost[1]!.data).toEqual({
        deviceId: 'dev-c123-lost',
        courierId: 'c-123',
        reason: 'phone lost',
      });
      const unknown = await t.http
        .post('/v1/devices/dev-never/revoke')
        .set(await as('admin'))
        .send({ reason: 'x' });
      expect({ status: unknown.status, code: unknown.body.error?.code }).toEqual({
        status: 404,
        code: 'DEVICE.NOT_FOUND',
      });
    });
  });

  it('records a drop receipt signed by the courier’s device with its evidence, the body sealed', async () => {
    const { j, body } = await readyToDrop();
    const before = (await stored(j)).length;
    const res = await place(j, body, signed(j, body, courierKey.privateKey, 'dev-c123'));
    expect(res.status).toBe(200);
    const [placed, ...rest] = (await stored(j)).slice(before);
    expect(rest).toEqual([]);
    expect(placed!.type).toBe('PackagePlaced');
    const evidence = (placed!.data as { sourceSignature: StoredEvidence }).sourceSignature;
    expect(evidence).toMatchObject({
      carmaker: 'device',
      courierId: 'c-123',
      keyId: 'dev-c123',
      algorithm: 'ed25519',
      created: at('14:01:00'),
      components: [
        { name: 'content-digest', value: expect.stringMatching(/^sha-256=:/) },
        { name: '@path', value: `/v1/deliveries/${j.deliveryId}/packages` },
        { name: '@method', value: 'POST' },
      ],
    });
    // The signed body holds the geotag: personal, sealed like the event's own photo fields.
    expect(typeof evidence.body).not.toBe('string');
    expect(JSON.stringify(evidence.body)).not.toContain('59.32935');
  });

  it('records a signed drop receipt before its photo is uploaded (no signal), the photo matched later', async () => {
    const j = await atTheDrop();
    const image = pngPhoto(`signed-offline-${j.deliveryId}`);
    const body = JSON.stringify({
      packageId: 'p-1',
      photo: { sha256: sha256Hex(image), capturedAt: at('14:00:58'), geotag: AT_THE_CAR },
    });
    const res = await place(j, body, signed(j, body, courierKey.privateKey, 'dev-c123'));
    expect(res.status).toBe(200);
    const placed = (await stored(j)).at(-1)!;
    expect(placed.type).toBe('PackagePlaced');
    expect(placed.data).toMatchObject({
      photoDueBy: '2026-12-02T14:01:00.000Z',
      sourceSignature: { keyId: 'dev-c123', courierId: 'c-123' },
    });
    t.clock.set(at('15:30:00'));
    await uploadPhoto(t, j.deliveryId, image);
    expect((await stored(j)).at(-1)!.type).toBe('PhotoAttached');
  });

  it('records a drop receipt signed with ES256 (P-256)', async () => {
    const { j, body } = await readyToDrop();
    const res = await place(j, body, signed(j, body, courierEsKey.privateKey, 'dev-c123-es'));
    expect(res.status).toBe(200);
    const placed = (await stored(j)).at(-1)!;
    expect(placed.data).toMatchObject({
      sourceSignature: { keyId: 'dev-c123-es', algorithm: 'ecdsa-p256-sha256' },
    });
  });

  describe('refuses a receipt that does not verify, and stores nothing', () => {
    const refusedWith = async (
      status: number,
      code: string,
      sign: (j: Journey, body: string) => { headers: Record<string, string>; body?: string },
    ) => {
      const { j, body } = await readyToDrop();
      const before = (await stored(j)).length;
      const sent = sign(j, body);
      const res = await place(j, sent.body ?? body, sent.headers);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
      expect((await stored(j)).length).toBe(before);
    };

    it('a tampered body (another geotag), its digest recomputed: 401 SOURCE.BAD_SIGNATURE', async () => {
      await refusedWith(401, 'SOURCE.BAD_SIGNATURE', (j, body) => {
        const headers = signed(j, body, courierKey.privateKey, 'dev-c123');
        const tampered = body.replace('59.32935', '59.33035');
        const { 'content-digest': digest } = signed(j, tampered, courierKey.privateKey, 'dev-c123');
        return { headers: { ...headers, 'content-digest': digest! }, body: tampered };
      });
    });

    it('a device never registered: 401 SOURCE.UNKNOWN_KEY', async () => {
      await refusedWith(401, 'SOURCE.UNKNOWN_KEY', (j, body) => ({
        headers: signed(j, body, courierKey.privateKey, 'dev-unknown'),
      }));
    });

    it('a revoked device: 401 SOURCE.KEY_REVOKED', async () => {
      await refusedWith(401, 'SOURCE.KEY_REVOKED', (j, body) => ({
        headers: signed(j, body, revokedKey.privateKey, 'dev-c123-lost'),
      }));
    });

    it("another courier's device: 401 SOURCE.WRONG_COURIER", async () => {
      await refusedWith(401, 'SOURCE.WRONG_COURIER', (j, body) => ({
        headers: signed(j, body, otherCourierKey.privateKey, 'dev-c999'),
      }));
    });

    it('a device past its validity: 401 SOURCE.KEY_NOT_VALID', async () => {
      await refusedWith(401, 'SOURCE.KEY_NOT_VALID', (j, body) => ({
        headers: signed(j, body, expiredKey.privateKey, 'dev-c123-old'),
      }));
    });
  });

  it('records an unsigned drop receipt without evidence', async () => {
    const { j, body } = await readyToDrop();
    const res = await place(j, body);
    expect(res.status).toBe(200);
    expect((await stored(j)).at(-1)!.data).not.toHaveProperty('sourceSignature');
  });

  it('`keytrail verify` names the device and its courier, checked with the device key given', async () => {
    const { j, body } = await readyToDrop();
    expect((await place(j, body, signed(j, body, courierKey.privateKey, 'dev-c123'))).status).toBe(
      200,
    );
    await t.settle();
    const keys = await t.http.get('/v1/checkpoints/keys');
    const logKey = keys.body.verifierKeys[0] as string;
    const proof = await t.http
      .get(`/v1/deliveries/${j.deliveryId}/proof`)
      .set({ authorization: `Bearer ${await t.token('investigator', 'inv-1')}` });
    expect(proof.status).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), 'keytrail-devices-'));
    const bundleFile = path.join(dir, 'bundle.json');
    writeFileSync(bundleFile, JSON.stringify(proof.body));
    const keyFile = path.join(dir, 'dev-c123.pem');
    writeFileSync(keyFile, pem(courierKey.publicKey));
    const verify = (key: string) =>
      keytrail(['verify', bundleFile, '--key', logKey, '--source-key', `device:dev-c123=${key}`]);

    const verified = verify(keyFile);
    expect(verified.stdout).toContain(`VERIFIED delivery ${j.deliveryId}`);
    expect(verified.stdout).toContain(
      'PackagePlaced — signed by device dev-c123 of courier c-123, created 14:01:00 UTC 2026-11-25 (body sealed in this view: its digest was signed, the bytes not compared)',
    );
    expect(verified.status).toBe(0);

    const otherFile = path.join(dir, 'other.pem');
    writeFileSync(otherFile, pem(otherCourierKey.publicKey));
    const wrong = verify(otherFile);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain('does not verify with device key dev-c123');
  });
});

describe('with KEYTRAIL_REQUIRE_DEVICE_SIGNATURES=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, { requireDeviceSignatures: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses an unsigned drop receipt (401 SOURCE.SIGNATURE_REQUIRED, nothing stored) and records a signed one', async () => {
    const headers = { authorization: `Bearer ${await t.token('delivery-service', 'ds-1')}` };
    t.clock.set(at('12:00:00'));
    expect(
      (
        await t.http
          .post('/v1/devices')
          .set(headers)
          .send({
            deviceId: 'dev-c123',
            courierId: 'c-123',
            publicKey: spki(courierKey.publicKey),
            ...VALID,
          })
      ).status,
    ).toBe(200);
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:01:00'));
    const photo = await uploadPhoto(t, j.deliveryId);
    const body = JSON.stringify({
      packageId: 'p-1',
      photo: { sha256: photo.sha256, ref: photo.ref, capturedAt: at('14:00:58'), geotag: null },
    });
    const url = `/v1/deliveries/${j.deliveryId}/packages`;
    const before = (await t.database.store.readStream(deliveryStreamId(j.deliveryId))).length;
    const unsigned = await t.http
      .post(url)
      .set({ ...headers, 'content-type': 'application/json' })
      .send(body);
    expect({ status: unsigned.status, code: unsigned.body.error?.code }).toEqual({
      status: 401,
      code: 'SOURCE.SIGNATURE_REQUIRED',
    });
    expect(await t.database.store.readStream(deliveryStreamId(j.deliveryId))).toHaveLength(before);
    const signed = signedHeaders({
      path: url,
      body,
      privateKey: courierKey.privateKey,
      keyId: 'dev-c123',
      created: seconds(t.clock.now()),
    });
    const ok = await t.http
      .post(url)
      .set({ ...headers, ...signed })
      .send(body);
    expect(ok.status).toBe(200);
  });
});
