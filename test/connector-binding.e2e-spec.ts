import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import type { Vendor } from '../src/domain/delivery/delivery.vocabulary.js';
import { at, Journey } from './support/journey.js';
import { startTestApp, TEST_AUTH, type TestApp } from './support/test-app.js';
import {
  gmCommandResponse,
  teslaCommand,
  teslaVehicleData,
  volvoDoors,
  volvoInvoke,
} from './support/vendor-payloads.js';

const REFUSALS_PER_MINUTE = 5;

/**
 * Each connector is bound to its carmaker: a connector token names its vendor, and a call about
 * another carmaker's car (or on another carmaker's route) is 403 ACCESS.WRONG_VENDOR with nothing
 * stored. A connector that keeps being refused is answered 429 before anything more is stored.
 */
describe('connectors bound to their carmaker', () => {
  let t: TestApp;
  let jwksDir: string;
  const idp = new Map<'EdDSA' | 'ES256', Parameters<SignJWT['sign']>[0]>();

  const connector = async (vendor: Vendor, sub = `${vendor}-connector`) =>
    `Bearer ${await t.token('oem-connector', sub, vendor)}`;
  const post = (route: string, body: object, authorization: string) =>
    t.http.post(route).set('authorization', authorization).send(body);
  const streamLength = async (deliveryId: string) =>
    (await t.database.store.readStream(deliveryStreamId(deliveryId))).length;
  /** Runs the calls and checks the delivery's stream, read back, has not changed. */
  async function storesNothing<T>(deliveryId: string, calls: () => Promise<T>): Promise<T> {
    const before = await t.database.store.readStream(deliveryStreamId(deliveryId));
    const head = await t.database.store.headPosition();
    const answers = await calls();
    const after = await t.database.store.readStream(deliveryStreamId(deliveryId));
    expect(after.map((e) => e.metadata.eventId)).toEqual(before.map((e) => e.metadata.eventId));
    expect(await t.database.store.headPosition()).toBe(head);
    return answers;
  }
  const answer = (res: { status: number; body: { error?: { code?: string } } }) =>
    `${res.status} ${res.body.error?.code ?? ''}`.trim();

  const signedByIdp = (alg: 'EdDSA' | 'ES256', claims: JWTPayload) =>
    new SignJWT({ iss: TEST_AUTH.issuer, aud: TEST_AUTH.audience, ...claims })
      .setProtectedHeader({ alg, kid: `idp-${alg}` })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(idp.get(alg)!);
  const signedWithSecret = (claims: JWTPayload) =>
    new SignJWT({ iss: TEST_AUTH.issuer, aud: TEST_AUTH.audience, ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(TEST_AUTH.hmacSecrets[0]));

  /** A delivery with its unlock requested (cmd-unlock-1) and its lock requested (cmd-lock-1). */
  async function lockRequested(vendor: Vendor): Promise<Journey> {
    const j = new Journey(t, vendor);
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    expect((await j.closure('opened', '14:00:40')).status).toBe(200);
    expect((await j.closure('closed', '14:01:20')).status).toBe(200);
    expect((await j.requestLock('14:01:30')).status).toBe(200);
    t.clock.set(at('14:01:45'));
    return j;
  }

  beforeAll(async () => {
    jwksDir = mkdtempSync(path.join(tmpdir(), 'keytrail-idp-'));
    const keys = [];
    for (const [alg, options] of [
      ['EdDSA', { crv: 'Ed25519' }],
      ['ES256', {}],
    ] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg, options);
      idp.set(alg, privateKey);
      keys.push({ ...(await exportJWK(publicKey)), kid: `idp-${alg}`, alg });
    }
    writeFileSync(path.join(jwksDir, 'jwks.json'), JSON.stringify({ keys }));
    t = await startTestApp({}, undefined, {
      jwksFile: path.join(jwksDir, 'jwks.json'),
      connectorRefusals: { limit: REFUSALS_PER_MINUTE, windowMs: 60_000, maxConnectors: 100 },
    });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(jwksDir, { recursive: true, force: true });
  });

  it('refuses a connector token without a valid vendor: 403 AUTH.VENDOR_REQUIRED, nothing stored', async () => {
    const j = await lockRequested('volvo');
    const tokens = {
      'no vendor': await t.token('oem-connector', 'volvo-connector'),
      'an unknown carmaker': await signedWithSecret({
        sub: 'volvo-connector',
        role: 'oem-connector',
        vendor: 'ford',
      }),
      'a list of carmakers': await signedWithSecret({
        sub: 'volvo-connector',
        role: 'oem-connector',
        vendor: ['volvo'],
      }),
      'a vendor spelt otherwise': await signedWithSecret({
        sub: 'volvo-connector',
        role: 'oem-connector',
        vendor: 'Volvo',
      }),
    };
    const answers = await storesNothing(j.deliveryId, async () => {
      const out: Record<string, string> = {};
      for (const [name, token] of Object.entries(tokens)) {
        const res = await post(
          `/v1/oem/volvo/${j.deliveryId}/doors`,
          volvoDoors(at('14:01:40')),
          `Bearer ${token}`,
        );
        expect(res.body.error.details).toEqual({ allowedVendors: ['volvo', 'gm', 'tesla'] });
        out[name] = answer(res);
      }
      return out;
    });
    expect(answers).toEqual(
      Object.fromEntries(Object.keys(tokens).map((name) => [name, '403 AUTH.VENDOR_REQUIRED'])),
    );
    // The control: the same read from a connector bound to Volvo confirms the lock.
    const res = await post(
      `/v1/oem/volvo/${j.deliveryId}/doors`,
      volvoDoors(at('14:01:40')),
      await connector('volvo'),
    );
    expect([res.status, res.body.lockConfirmed]).toEqual([200, true]);
  });

  it('applies the same rules to tokens an identity provider signs (EdDSA and ES256 through the JWKS)', async () => {
    const j = await lockRequested('volvo');
    for (const alg of ['EdDSA', 'ES256'] as const) {
      const bearer = async (claims: JWTPayload) => `Bearer ${await signedByIdp(alg, claims)}`;
      const unbound = await storesNothing(j.deliveryId, async () =>
        post(
          `/v1/oem/volvo/${j.deliveryId}/doors`,
          volvoDoors(at('14:01:40')),
          await bearer({ sub: 'volvo-connector', role: 'oem-connector' }),
        ),
      );
      expect([alg, answer(unbound)]).toEqual([alg, '403 AUTH.VENDOR_REQUIRED']);
      const tesla = await storesNothing(j.deliveryId, async () =>
        post(
          `/v1/oem/volvo/${j.deliveryId}/doors`,
          volvoDoors(at('14:01:40')),
          await bearer({ sub: 'tesla-connector-idp', role: 'oem-connector', vendor: 'tesla' }),
        ),
      );
      expect([alg, answer(tesla)]).toEqual([alg, '403 ACCESS.WRONG_VENDOR']);
    }
    const volvo = await post(
      `/v1/oem/volvo/${j.deliveryId}/doors`,
      volvoDoors(at('14:01:40')),
      `Bearer ${await signedByIdp('ES256', { sub: 'volvo-connector-idp', role: 'oem-connector', vendor: 'volvo' })}`,
    );
    expect([volvo.status, volvo.body.lockConfirmed]).toEqual([200, true]);
  });

  it('refuses a Tesla connector’s Volvo command results and doors read for a Volvo delivery, storing nothing', async () => {
    const j = await lockRequested('volvo');
    const before = await streamLength(j.deliveryId);
    // Its five refusals use up its allowance here: the flood test below uses connectors of its own.
    const tesla = await connector('tesla', 'tesla-connector-stray');
    const answers = await storesNothing(j.deliveryId, async () => [
      answer(
        await post(
          `/v1/oem/volvo/${j.deliveryId}/commands/cmd-unlock-1`,
          volvoInvoke('COMPLETED'),
          tesla,
        ),
      ),
      answer(
        await post(
          `/v1/oem/volvo/${j.deliveryId}/commands/cmd-lock-1`,
          volvoInvoke('COMPLETED'),
          tesla,
        ),
      ),
      answer(await post(`/v1/oem/volvo/${j.deliveryId}/doors`, volvoDoors(at('14:01:40')), tesla)),
      // Its own carmaker's routes do not reach a Volvo either.
      answer(
        await post(`/v1/oem/tesla/${j.deliveryId}/commands/cmd-lock-1`, teslaCommand(true), tesla),
      ),
      answer(
        await post(
          `/v1/oem/tesla/${j.deliveryId}/vehicle-data`,
          teslaVehicleData(at('14:01:40')),
          tesla,
        ),
      ),
    ]);
    expect(answers).toEqual(Array(5).fill('403 ACCESS.WRONG_VENDOR'));
    expect(await streamLength(j.deliveryId)).toBe(before);
    expect((await j.get('release', 'delivery-service')).body.released).toBe(false);
  });

  it('refuses a connector on another carmaker’s route even about its own carmaker’s delivery', async () => {
    const j = await lockRequested('gm');
    const gm = await connector('gm');
    const res = await storesNothing(j.deliveryId, () =>
      post(`/v1/oem/volvo/${j.deliveryId}/commands/cmd-lock-1`, volvoInvoke('COMPLETED'), gm),
    );
    expect(answer(res)).toBe('403 ACCESS.WRONG_VENDOR');
    expect(res.body.error.details).toEqual({ vendor: 'gm' });
  });

  it('refuses a Volvo connector opening and closing a Tesla’s trunk; the Tesla connector may, and is recorded as such', async () => {
    const j = new Journey(t, 'tesla');
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:00:40'));
    const volvo = await connector('volvo');
    const closure = (state: 'opened' | 'closed', time: string, authorization: string) =>
      post(
        `/v1/deliveries/${j.deliveryId}/closures`,
        { closure: 'trunk', state, vehicleTimestamp: at(time) },
        authorization,
      );
    const refused = await storesNothing(j.deliveryId, async () => [
      answer(await closure('opened', '14:00:40', volvo)),
      answer(await closure('closed', '14:01:20', volvo)),
    ]);
    expect(refused).toEqual(['403 ACCESS.WRONG_VENDOR', '403 ACCESS.WRONG_VENDOR']);

    const opened = await closure('opened', '14:00:40', await connector('tesla'));
    expect(opened.status).toBe(200);
    const stored = await t.database.store.readStream(deliveryStreamId(j.deliveryId));
    expect(stored.at(-1)).toMatchObject({
      type: 'ClosureOpened',
      metadata: { actor: { id: 'tesla-connector', role: 'oem-connector', vendor: 'tesla' } },
    });
    // The delivery system is bound to no carmaker, and its actor names none.
    const closed = await closure(
      'closed',
      '14:01:20',
      `Bearer ${await t.token('delivery-service')}`,
    );
    expect(closed.status).toBe(200);
    expect(
      (await t.database.store.readStream(deliveryStreamId(j.deliveryId))).at(-1),
    ).toMatchObject({
      type: 'ClosureClosed',
      metadata: { actor: { id: 'delivery-service-1', role: 'delivery-service' } },
    });
    expect(
      (await t.database.store.readStream(deliveryStreamId(j.deliveryId))).at(-1)!.metadata.actor,
    ).not.toHaveProperty('vendor');
  });

  it('answers a connector that keeps being refused 429 before anything more is stored; what it stored stays', async () => {
    const gmCar = await lockRequested('gm');
    const volvoCar = await lockRequested('volvo');
    const flooder = await connector('gm', 'gm-connector-flood');
    const unknownCommand = (n: number) =>
      post(
        `/v1/oem/gm/${gmCar.deliveryId}/commands/cmd-never-${n}`,
        gmCommandResponse('lockDoor', 'success', at('14:01:31'), at('14:01:40')),
        flooder,
      );
    const answers: string[] = [];
    for (let n = 0; n < 3; n += 1) answers.push(answer(await unknownCommand(n)));
    // Honest calls are not counted: its answer to the unlock command is recorded as usual.
    const honest = await post(
      `/v1/oem/gm/${gmCar.deliveryId}/commands/cmd-unlock-1`,
      gmCommandResponse('unlockDoor', 'success', at('14:00:01'), at('14:00:09')),
      flooder,
    );
    expect(honest.status).toBe(200);
    for (let n = 0; n < 2; n += 1)
      answers.push(
        answer(
          await post(
            `/v1/oem/gm/${volvoCar.deliveryId}/commands/cmd-lock-1`,
            gmCommandResponse('lockDoor', 'success', at('14:01:31'), at('14:01:40')),
            flooder,
          ),
        ),
      );
    expect(answers).toEqual([
      '422 OEM.UNKNOWN_COMMAND',
      '422 OEM.UNKNOWN_COMMAND',
      '422 OEM.UNKNOWN_COMMAND',
      '403 ACCESS.WRONG_VENDOR',
      '403 ACCESS.WRONG_VENDOR',
    ]);

    const limited = await storesNothing(gmCar.deliveryId, async () => [
      await unknownCommand(99),
      await post(
        `/v1/oem/gm/${volvoCar.deliveryId}/commands/cmd-lock-1`,
        gmCommandResponse('lockDoor', 'success', at('14:01:31'), at('14:01:40')),
        flooder,
      ),
    ]);
    for (const res of limited) {
      expect(answer(res)).toBe('429 CONNECTOR.TOO_MANY_REFUSALS');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    const refusals = (await t.database.store.readStream(deliveryStreamId(gmCar.deliveryId)))
      .filter((e) => e.type === 'CommandRefused')
      .map((e) => (e.data as { code: string }).code);
    expect(refusals).toEqual(Array(3).fill('OEM.UNKNOWN_COMMAND'));

    // Past the limit an honest call still goes through: the flood never holds back a real lock.
    const locked = await post(
      `/v1/oem/gm/${gmCar.deliveryId}/commands/cmd-lock-1`,
      gmCommandResponse('lockDoor', 'success', at('14:01:31'), at('14:01:40')),
      flooder,
    );
    expect([locked.status, locked.body.lockConfirmed]).toEqual([200, true]);
  });

  it('stores no more refusals than the limit when they arrive all at once', async () => {
    const cars = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const j = new Journey(t, 'tesla');
        await j.schedule();
        return j;
      }),
    );
    const flooder = await connector('tesla', 'tesla-connector-flood');
    const head = await t.database.store.headPosition();
    const answers = await Promise.all(
      cars.map(async (j) =>
        answer(
          await post(
            `/v1/oem/tesla/${j.deliveryId}/commands/cmd-never`,
            teslaCommand(true),
            flooder,
          ),
        ),
      ),
    );
    expect(answers.filter((a) => a === '422 OEM.UNKNOWN_COMMAND')).toHaveLength(
      REFUSALS_PER_MINUTE,
    );
    expect(answers.filter((a) => a === '429 CONNECTOR.TOO_MANY_REFUSALS')).toHaveLength(
      12 - REFUSALS_PER_MINUTE,
    );
    expect((await t.database.store.headPosition()) - head).toBe(REFUSALS_PER_MINUTE);
  });
});
