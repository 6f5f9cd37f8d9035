import { randomUUID } from 'node:crypto';

import { expect } from '@jest/globals';

import type { components } from '../../web/shared/api-schema.js';
import type { TestApp } from './test-app.js';
import { sha256Hex, uploadPhoto } from './photos.js';
import { volvoDoors, volvoInvoke } from './vendor-payloads.js';

/** The API's schemas, generated from its OpenAPI document: the bodies sent and the answers read. */
export type Schemas = components['schemas'];

export const at = (time: string): string => `2026-11-25T${time}.000Z`;
export const CAR = { lat: 59.3293, lon: 18.0686 };
export const AT_THE_CAR = { lat: 59.32935, lon: 18.0686 };
export const FAR_AWAY = { lat: 59.3303, lon: 18.0686 };

/** One delivery driven through the HTTP API, with the roles each step really has. */
export class Journey {
  readonly deliveryId: string;
  readonly customerId: string;
  readonly vehicleId: string;

  /**
   * `ids`: chosen ids (random ones otherwise), for journeys whose ids are the point; another delivery
   * of the same customer passes that journey's customerId.
   */
  constructor(
    private readonly t: TestApp,
    readonly vendor: 'volvo' | 'gm' | 'tesla' = 'volvo',
    ids: {
      readonly deliveryId?: string;
      readonly customerId?: string;
      readonly vehicleId?: string;
    } = {},
  ) {
    this.deliveryId = ids.deliveryId ?? `d-${randomUUID().slice(0, 8)}`;
    this.customerId = ids.customerId ?? `cust-${randomUUID().slice(0, 8)}`;
    this.vehicleId = ids.vehicleId ?? `v-${randomUUID().slice(0, 8)}`;
  }

  private async as(
    role: 'delivery-service' | 'oem-connector' | 'customer' | 'investigator' | 'admin',
  ) {
    if (role === 'oem-connector') {
      // The connector of this delivery's carmaker, bound to it by its token.
      const token = await this.t.token(role, `${this.vendor}-connector`, this.vendor);
      return { authorization: `Bearer ${token}` };
    }
    const sub = role === 'customer' ? this.customerId : `${role}-1`;
    return { authorization: `Bearer ${await this.t.token(role, sub)}` };
  }

  async post(
    path: string,
    body: object,
    role: Parameters<Journey['as']>[0] = 'delivery-service',
    headers: Record<string, string> = {},
  ) {
    return this.t.http
      .post(path.startsWith('/') ? path : `/v1/deliveries/${this.deliveryId}/${path}`)
      .set({ ...(await this.as(role)), ...headers })
      .send(body);
  }

  async get(path: string, role: Parameters<Journey['as']>[0] = 'investigator') {
    return this.t.http.get(`/v1/deliveries/${this.deliveryId}/${path}`).set(await this.as(role));
  }

  async oem(path: string, body: object) {
    return this.post(`/v1/oem/${this.vendor}/${this.deliveryId}/${path}`, body, 'oem-connector');
  }

  async schedule(
    overrides: {
      target?: 'trunk' | 'cabin';
      orderId?: string;
      packages?: { packageId: string }[];
      previousDeliveryId?: string;
    } = {},
  ) {
    this.t.clock.set(at('12:00:00'));
    const body: Schemas['ScheduleDeliveryRequestDto'] = {
      deliveryId: this.deliveryId,
      orderId: 'o-1',
      customerId: this.customerId,
      vehicleId: this.vehicleId,
      vendor: this.vendor,
      window: { from: at('13:00:00'), to: at('17:00:00') },
      target: 'trunk',
      ...overrides,
    };
    const res = await this.post('/v1/deliveries', body);
    expect(res.status).toBe(201);
    return res;
  }

  /** Links the delivery's car to its customer, with a plate (sealed in the ledger). */
  async linkVehicle(plate: string, overrides: Partial<Schemas['LinkVehicleRequestDto']> = {}) {
    const body: Schemas['LinkVehicleRequestDto'] = {
      vehicleId: this.vehicleId,
      customerId: this.customerId,
      plate,
      make: 'Volvo',
      model: 'XC40',
      colour: 'blue',
      ...overrides,
    };
    const res = await this.post('/v1/vehicles', body);
    expect(res.status).toBe(200);
    return res;
  }

  async grant(overrides: Partial<Schemas['GrantAccessRequestDto']> = {}) {
    this.t.clock.set(at('13:10:00'));
    const res = await this.post('grants', {
      grantId: 'g-1',
      courierId: 'c-123',
      notBefore: at('13:30:00'),
      notAfter: at('15:00:00'),
      geofence: { center: CAR, radiusM: 50 },
      scope: 'trunk',
      singleUse: true,
      nonce: 'grant-nonce-1',
      ...overrides,
    } satisfies Schemas['GrantAccessRequestDto']);
    expect(res.status).toBe(200);
    return res;
  }

  async unlock(time: string, overrides: Partial<Schemas['RequestUnlockRequestDto']> = {}) {
    this.t.clock.set(at(time));
    return this.post('unlock-requests', {
      grantId: 'g-1',
      courierId: 'c-123',
      courierPosition: AT_THE_CAR,
      commandId: 'cmd-unlock-1',
      nonce: 'nonce-0001',
      ...overrides,
    } satisfies Schemas['RequestUnlockRequestDto']);
  }

  async closure(
    state: 'opened' | 'closed',
    time: string,
    role: 'delivery-service' | 'oem-connector' = 'delivery-service',
  ) {
    this.t.clock.set(at(time));
    return this.post('closures', { closure: 'trunk', state, vehicleTimestamp: at(time) }, role);
  }

  /** Uploads the drop photo, then records the package with the ref the upload answered. */
  async dropPackage(time: string, geotag: { lat: number; lon: number } | null = AT_THE_CAR) {
    this.t.clock.set(at(time));
    const photo = await uploadPhoto(this.t, this.deliveryId);
    return this.post('packages', {
      packageId: 'p-1',
      photo: { sha256: photo.sha256, ref: photo.ref, capturedAt: at(time), geotag },
    });
  }

  /**
   * Records a drop as the courier's device took it, without signal: the photo's digest, capturedAt and
   * geotag, the image itself not uploaded (see `uploadPhoto`).
   */
  async dropOffline(time: string, image: Buffer, packageId = 'p-1') {
    this.t.clock.set(at(time));
    return this.post('packages', {
      packageId,
      photo: { sha256: sha256Hex(image), capturedAt: at(time), geotag: AT_THE_CAR },
    });
  }

  async requestLock(time: string, commandId = 'cmd-lock-1') {
    this.t.clock.set(at(time));
    return this.post('lock-requests', { commandId });
  }

  /** Lock requested at 14:01:40, confirmed by a Volvo read stamped 14:01:48, completed at 14:02. */
  async lockAndComplete() {
    expect((await this.requestLock('14:01:40')).status).toBe(200);
    this.t.clock.set(at('14:01:45'));
    expect((await this.oem('commands/cmd-lock-1', volvoInvoke('COMPLETED'))).status).toBe(200);
    this.t.clock.set(at('14:01:50'));
    expect((await this.oem('doors', volvoDoors(at('14:01:48')))).body.lockVerdict).toBe(
      'confirmed',
    );
    this.t.clock.set(at('14:02:00'));
    expect((await this.post('complete', {})).status).toBe(200);
  }

  async timeline(role: Parameters<Journey['as']>[0] = 'investigator') {
    const res = await this.get('timeline', role);
    expect(res.status).toBe(200);
    return res.body as Schemas['Timeline'];
  }

  /** The anomalies found in this delivery, once the projections have caught up. */
  async anomalies() {
    await this.t.settle();
    const res = await this.t.http
      .get(`/v1/anomalies?deliveryId=${this.deliveryId}&limit=100`)
      .set(await this.as('investigator'));
    expect(res.status).toBe(200);
    return (res.body as Schemas['AnomalyPage']).items;
  }

  async eventTypes() {
    return (await this.timeline()).entries.map((e) => e.type);
  }
}
