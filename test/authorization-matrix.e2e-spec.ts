import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { ROLES } from '../src/domain/shared/actor.js';
import { sha256Hex } from './support/photos.js';
import { type PersonalValues, plaintextIn, privateDelivery } from './support/private-delivery.js';
import { MATRIX, type Target } from './support/route-matrix.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('authorisation matrix: every route × every role × own and another customer', () => {
  let t: TestApp;
  let own: { target: Target; values: PersonalValues };
  let other: { target: Target; values: PersonalValues };

  beforeAll(async () => {
    t = await startTestApp();
    const [a, b] = [await privateDelivery(t, 1), await privateDelivery(t, 2)];
    const targetOf = ({ journey, values }: typeof a): Target => ({
      deliveryId: journey.deliveryId,
      customerId: journey.customerId,
      vehicleId: journey.vehicleId,
      plate: values.plate,
    });
    own = { target: targetOf(a), values: a.values };
    other = { target: targetOf(b), values: b.values };
    // A case held by another investigator: both customers' data is under legal hold.
    await t.http
      .post('/v1/cases')
      .set('authorization', `Bearer ${await t.token('investigator', 'inv-holder')}`)
      .send({
        caseId: 'case-hold',
        deliveryIds: [a.journey.deliveryId, b.journey.deliveryId],
        reason: 'hold',
      })
      .expect(201);
    await t.settle();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('covers every route the API documents', () => {
    const document = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const publicRoutes = [
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'GET /v1/checkpoints/keys',
    ];
    expect(documented.filter((r) => !publicRoutes.includes(r)).sort()).toEqual(
      MATRIX.map((r) => r.route).sort(),
    );
  });

  it('answers each role as the matrix says, never a 5xx, never another customer’s personal data', async () => {
    const outcomes: string[] = [];
    let n = 0;
    for (const route of MATRIX) {
      const method = route.route.split(' ')[0]!.toLowerCase() as 'get' | 'post';
      for (const role of ROLES) {
        for (const whose of role === 'customer'
          ? (['own', 'other'] as const)
          : (['own'] as const)) {
          n += 1;
          const target = whose === 'own' ? own.target : other.target;
          const { path, body, photo } = route.request(target, n);
          const sub = role === 'customer' ? own.target.customerId : `${role}-1`;
          // Both deliveries are Volvos: the connector is Volvo's.
          const vendor = role === 'oem-connector' ? ('volvo' as const) : undefined;
          let req = t.http[method](path)
            .set('authorization', `Bearer ${await t.token(role, sub, vendor)}`)
            .buffer(true);
          if (photo) req = req.field('sha256', sha256Hex(photo)).attach('photo', photo, 'drop.png');
          const res = body !== undefined ? await req.send(body) : await req;
          const label = `${route.route} as ${role} (${whose}) → ${res.status}`;
          outcomes.push(label);
          const code = (res.body as { error?: { code?: string } })?.error?.code;

          expect({ label, serverError: res.status >= 500 }).toEqual({ label, serverError: false });
          if (!route.roles.includes(role)) {
            expect({ label, code }).toEqual({ label, code: 'AUTH.FORBIDDEN' });
          } else if (
            role === 'customer' &&
            whose === 'other' &&
            route.otherCustomer !== 'own-only'
          ) {
            expect({ label, status: res.status }).toEqual({ label, status: route.otherCustomer });
          } else if (route.refusedByRule?.[role]) {
            expect({ label, code }).toEqual({ label, code: route.refusedByRule[role] });
          } else {
            expect({ label, refused: [401, 403].includes(res.status) }).toEqual({
              label,
              refused: false,
            });
          }
          const text = Buffer.isBuffer(res.body) ? '' : JSON.stringify(res.body ?? res.text);
          // Another customer's personal data reaches nobody; no-one here reads under a case.
          const leaked = plaintextIn(text, other.values).filter((v) => v !== other.values.vin);
          const ownLeaked = role === 'customer' ? [] : plaintextIn(text, own.values);
          expect({ label, leaked, ownLeaked }).toEqual({ label, leaked: [], ownLeaked: [] });
        }
      }
    }
    expect(outcomes.length).toBe(MATRIX.length * (ROLES.length + 1));
  });
});
