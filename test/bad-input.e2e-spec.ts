import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';

import { at, Journey } from './support/journey.js';
import { startTestApp, TEST_AUTH, type TestApp } from './support/test-app.js';
import { volvoDoors, volvoInvoke } from './support/vendor-payloads.js';

const COMMAND_ROUTES = [
  'location',
  'block',
  'allow',
  'approaching',
  'grants',
  'grants/g-1/revoke',
  'unlock-requests',
  'closures',
  'packages',
  'lock-requests',
  'complete',
  'fail',
];

describe('bad input and faults', () => {
  let t: TestApp;
  let j: Journey;
  let service: string;

  beforeAll(async () => {
    t = await startTestApp();
    j = new Journey(t);
    await j.schedule();
    await j.grant();
    service = `Bearer ${await t.token('delivery-service')}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Runs a request that must store nothing, and checks the ledger did not move. */
  async function storesNothing<T>(request: () => Promise<T>): Promise<T> {
    const before = await t.database.store.headPosition();
    const response = await request();
    expect(await t.database.store.headPosition()).toBe(before);
    return response;
  }

  const post = (path: string) =>
    t.http.post(`/v1/deliveries/${j.deliveryId}/${path}`).set('authorization', service);

  it('answers malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const res = await storesNothing(() =>
      post('approaching').set('content-type', 'application/json').send('{"courierId": "c-1",'),
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 'REQUEST.MALFORMED_JSON', message: 'The body is not valid JSON', details: {} },
    });
  });

  it('answers wrong types and unknown fields with 400 naming each field', async () => {
    const res = await storesNothing(() =>
      post('unlock-requests').send({
        grantId: 'g-1',
        courierId: 'c-123',
        courierPosition: { lat: '59.3293', lon: 18.0686 },
        commandId: 'cmd-x',
        nonce: 'nonce-0009',
        admin: true,
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST.INVALID');
    const fields = res.body.error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['admin', 'courierPosition.lat']));
  });

  it('answers an oversized body with 413 and a non-JSON body with 415', async () => {
    const huge = await storesNothing(() =>
      post('fail').send({ reason: 'x'.repeat(300 * 1024), fallback: 'returned' }),
    );
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('REQUEST.TOO_LARGE');
    const form = await storesNothing(() =>
      post('fail').set('content-type', 'text/plain').send('reason=x'),
    );
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it('never answers 500 to anything a caller sends to a command route', async () => {
    const bodies: unknown[] = [
      [],
      [1, 2],
      {},
      { a: { b: { c: { d: [null] } } } },
      { grantId: null },
      { closure: 'trunk', state: 'opened', vehicleTimestamp: 'yesterday' },
      { reason: 42, fallback: ['returned'] },
      { commandId: '../../etc/passwd' },
      { lat: 1e308 },
      { notBefore: '2026-13-45T99:99:99Z' },
    ];
    for (const route of COMMAND_ROUTES) {
      for (const body of bodies) {
        const res = await post(route).send(body as object);
        const empty = JSON.stringify(body) === '{}';
        if (empty && (route === 'block' || route === 'allow')) {
          // Blocking and allowing carry no field: `{}` is the whole command, and it is recorded
          // (blocking also revokes the open grant).
          expect(res.status).toBe(200);
          expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(
            route === 'block'
              ? ['InCarDeliveryBlocked', 'AccessRevoked']
              : ['InCarDeliveryAllowed'],
          );
        } else if (empty && route === 'complete') {
          // A whole command too, refused by the rules: the lock was never confirmed.
          expect(res.status).toBe(422);
          expect(res.body.error.code).toBe('DELIVERY.LOCK_NOT_CONFIRMED');
        } else {
          expect({ route, body, status: res.status, code: res.body.error?.code }).toEqual({
            route,
            body,
            status: 400,
            code: 'REQUEST.INVALID',
          });
        }
      }
      for (const raw of ['null', '"text"', '42', 'true', '{"a":1}{"b":2}', '\u0000']) {
        const res = await post(route).set('content-type', 'application/json').send(raw);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    }
  });

  it('answers an unknown delivery with 404, for commands and reads', async () => {
    const res = await storesNothing(() =>
      t.http
        .post('/v1/deliveries/d-nope/approaching')
        .set('authorization', service)
        .send({ courierId: 'c-1', eta: at('14:00:00') }),
    );
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('DELIVERY.NOT_FOUND');
    const read = await t.http.get('/v1/deliveries/d-nope/timeline').set('authorization', service);
    expect(read.status).toBe(404);
  });

  it('answers 400 for an id that is not an id, and 404 for an unknown route', async () => {
    const bad = await t.http.get('/v1/deliveries/bad%20id!/timeline').set('authorization', service);
    expect(bad.status).toBe(400);
    const encoding = await t.http
      .get('/v1/deliveries/%E0%A4%A/timeline')
      .set('authorization', service);
    expect(encoding.status).toBe(400);
    const none = await t.http.get('/v1/nothing-here').set('authorization', service);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('ROUTE.NOT_FOUND');
  });

  describe('tokens and roles', () => {
    const approach = (authorization?: string) => {
      const request = t.http.post(`/v1/deliveries/${j.deliveryId}/approaching`);
      return (authorization ? request.set('authorization', authorization) : request).send({
        courierId: 'c-1',
        eta: at('14:00:00'),
      });
    };
    const sign = (
      claims: Record<string, unknown>,
      secret = TEST_AUTH.hmacSecrets[0]!,
      exp = '1h',
    ) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('someone')
        .setIssuer('keytrail')
        .setAudience('keytrail-api')
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));

    it('answers 401 without a token, with a garbled one, a forged one, an expired one', async () => {
      const missing = await storesNothing(() => approach());
      expect([missing.status, missing.body.error.code]).toEqual([401, 'AUTH.MISSING_TOKEN']);
      const garbled = await approach('Bearer not.a-token');
      expect([garbled.status, garbled.body.error.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
      const forged = await approach(
        `Bearer ${await sign({ role: 'admin' }, 'another-secret-that-is-long-enough-too!!')}`,
      );
      expect([forged.status, forged.body.error.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
      const expired = await approach(
        `Bearer ${await sign({ role: 'delivery-service' }, undefined, (Math.floor(Date.now() / 1000) - 60) as never)}`,
      );
      expect([expired.status, expired.body.error.code]).toEqual([401, 'AUTH.TOKEN_EXPIRED']);
      const noRole = await approach(`Bearer ${await sign({ role: 'superuser' })}`);
      expect(noRole.status).toBe(401);
    });

    it('answers 403 to a role the route does not admit', async () => {
      const customer = await storesNothing(async () =>
        approach(`Bearer ${await t.token('customer', j.customerId)}`),
      );
      expect(customer.status).toBe(403);
      expect(customer.body.error).toMatchObject({
        code: 'AUTH.FORBIDDEN',
        details: { allowedRoles: ['delivery-service'] },
      });
      const investigator = await t.http
        .post('/v1/deliveries')
        .set('authorization', `Bearer ${await t.token('investigator')}`)
        .send({});
      expect(investigator.status).toBe(403);
    });

    it("hides another customer's delivery from a customer", async () => {
      const stranger = `Bearer ${await t.token('customer', 'cust-stranger')}`;
      const read = await t.http
        .get(`/v1/deliveries/${j.deliveryId}/timeline`)
        .set('authorization', stranger);
      expect(read.status).toBe(404);
      const block = await storesNothing(() =>
        t.http.post(`/v1/deliveries/${j.deliveryId}/block`).set('authorization', stranger).send({}),
      );
      expect(block.status).toBe(404);
      const own = await t.http
        .get(`/v1/deliveries/${j.deliveryId}/timeline`)
        .set('authorization', `Bearer ${await t.token('customer', j.customerId)}`);
      expect(own.status).toBe(200);
    });

    it('serves health and the API description without a token', async () => {
      expect((await t.http.get('/health')).body).toMatchObject({
        status: 'ok',
        info: { eventStore: { status: 'up', mode: 'postgres' } },
      });
      const docs = await t.http.get('/docs-json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/deliveries',
          '/v1/deliveries/{id}/unlock-requests',
          '/v1/oem/volvo/{deliveryId}/doors',
        ]),
      );
      expect((await t.http.get('/docs')).status).toBe(200);
    });
  });

  describe('idempotency and ids', () => {
    it('answers a retried grant the same, and refuses the grant id with other terms', async () => {
      const retry = await storesNothing(() => j.grant());
      expect(retry.body.replayed).toBe(true);
      const other = await storesNothing(() =>
        post('grants').send({
          grantId: 'g-1',
          courierId: 'c-999',
          notBefore: at('13:30:00'),
          notAfter: at('15:00:00'),
          geofence: { center: { lat: 59.3, lon: 18 }, radiusM: 50 },
          scope: 'trunk',
          singleUse: true,
          nonce: 'grant-nonce-1',
        }),
      );
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('GRANT.ID_TAKEN');
    });

    it('refuses an Idempotency-Key reused for another request, and a malformed one', async () => {
      t.clock.set(at('13:20:00'));
      const first = await post('approaching')
        .set('idempotency-key', 'k-approach-1')
        .send({ courierId: 'c-1', eta: at('14:00:00') });
      expect(first.status).toBe(200);
      const reused = await storesNothing(() =>
        post('approaching')
          .set('idempotency-key', 'k-approach-1')
          .send({ courierId: 'c-2', eta: at('14:00:00') }),
      );
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
      const bad = await storesNothing(() =>
        post('approaching')
          .set('idempotency-key', 'key with spaces')
          .send({ courierId: 'c-1', eta: at('14:00:00') }),
      );
      expect(bad.status).toBe(400);
    });
  });

  describe('carmaker messages', () => {
    let car: Journey;
    beforeAll(async () => {
      car = new Journey(t);
      await car.schedule();
      await car.grant();
      expect((await car.unlock('14:00:00')).status).toBe(200);
    });

    it('denies an unlock to a courier not on the grant, and records it', async () => {
      const res = await car.unlock('14:00:10', {
        courierId: 'c-456',
        commandId: 'cmd-unlock-7',
        nonce: 'nonce-0007',
      });
      expect(res.status).toBe(422);
      expect(res.body.error.details.reason).toBe('courier_mismatch');
    });

    it('keeps a succeeded result when a pending one arrives after it', async () => {
      t.clock.set(at('14:00:20'));
      await car.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'));
      await car.oem('commands/cmd-unlock-1', volvoInvoke('WAITING'));
      await car.closure('opened', '14:00:40', 'oem-connector');
      const outcomes = (await car.timeline()).entries
        .filter((e) => e.type === 'UnlockCommandResult')
        .map((e) => e.data.outcome);
      expect(outcomes).toEqual(['succeeded', 'pending']);
    });

    it('records a status read that arrives late, without letting it rewrite the closures', async () => {
      t.clock.set(at('14:01:00'));
      await car.oem(
        'doors',
        volvoDoors(at('14:00:55'), { centralLock: 'UNLOCKED', tailgate: 'OPEN' }),
      );
      const late = await car.oem(
        'doors',
        volvoDoors(at('14:00:10'), { centralLock: 'UNLOCKED', tailgate: 'CLOSED' }),
      );
      expect(late.status).toBe(200);
      expect(late.body.events.map((e: { type: string }) => e.type)).toEqual([
        'VehicleStatusReported',
      ]);
    });

    it('answers a payload not in the carmaker’s shape with 400, naming the field', async () => {
      const res = await storesNothing(() =>
        car.oem('doors', { data: { centralLock: { value: 'SHUT', timestamp: 'now' } } }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('data.centralLock.value');
    });

    it('refuses, and records, a result for an unknown command', async () => {
      const unknown = await car.oem('commands/cmd-never', volvoInvoke('COMPLETED'));
      expect([unknown.status, unknown.body.error.code]).toEqual([422, 'OEM.UNKNOWN_COMMAND']);
      expect(unknown.body.error.details.recorded).toHaveLength(1);
    });

    it('refuses the Volvo connector on another carmaker’s route, storing nothing', async () => {
      const tesla = await storesNothing(() =>
        car.post(
          `/v1/oem/tesla/${car.deliveryId}/commands/cmd-unlock-1`,
          { response: { result: true, reason: '' } },
          'oem-connector',
        ),
      );
      expect([tesla.status, tesla.body.error.code]).toEqual([403, 'ACCESS.WRONG_VENDOR']);
    });
  });
});
