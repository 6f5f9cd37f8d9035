import { readdir } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { at, Journey } from './support/journey.js';
import { pngPhoto, sha256Hex } from './support/photos.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { volvoDoors, volvoInvoke } from './support/vendor-payloads.js';
import { waitFor } from './support/wait-for.js';

/** 7 days (KEYTRAIL_PHOTO_LATE_DAYS' default) after a drop recorded at 14:01:00 on 25 November. */
const GRACE_END = '2026-12-02T14:01:00.000Z';
const DAY_AFTER = '2026-11-26T09:00:00.000Z';

describe('deliveries as they really happen: drops without signal, content, cancelling, re-deliveries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Scheduled, granted, unlocked by Volvo, the trunk opened: the courier is at the open trunk. */
  async function atTheOpenTrunk(j: Journey, schedule: Parameters<Journey['schedule']>[0] = {}) {
    await j.schedule(schedule);
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:00:04'));
    expect((await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'))).status).toBe(200);
    expect((await j.closure('opened', '14:00:41')).status).toBe(200);
  }

  /** Trunk closed, lock requested, Volvo locks and reads the doors locked: then complete. */
  async function lockAndComplete(j: Journey) {
    await j.closure('closed', '14:01:30');
    await j.requestLock('14:01:40');
    t.clock.set(at('14:01:45'));
    await j.oem('commands/cmd-lock-1', volvoInvoke('COMPLETED'));
    t.clock.set(at('14:01:50'));
    expect((await j.oem('doors', volvoDoors(at('14:01:48')))).body).toMatchObject({
      lockConfirmed: true,
    });
    t.clock.set(at('14:02:00'));
    return j.post('complete', {});
  }

  async function upload(j: Journey, image: Buffer, fields: Record<string, string> = {}) {
    let req = t.http
      .post(`/v1/deliveries/${j.deliveryId}/photos`)
      .set('authorization', `Bearer ${await t.token('delivery-service', 'delivery-system')}`)
      .field('sha256', fields.sha256 ?? sha256Hex(image));
    if (fields.packageId) req = req.field('packageId', fields.packageId);
    return req.attach('photo', image, { filename: 'drop.png', contentType: 'image/png' });
  }

  const photoOf = async (j: Journey) =>
    t.http
      .get(`/v1/deliveries/${j.deliveryId}/packages/p-1/photo`)
      .set('authorization', `Bearer ${await t.token('customer', j.customerId)}`);

  describe('a courier in an underground garage', () => {
    it('records the drop by its digest, completes, and takes the photo after completion as PhotoAttached', async () => {
      const j = new Journey(t);
      const image = pngPhoto(`garage-${j.deliveryId}`);
      await atTheOpenTrunk(j);
      const drop = await j.dropOffline('14:01:00', image);
      expect(drop.status).toBe(200);
      expect(drop.body.events.map((e: { type: string }) => e.type)).toEqual(['PackagePlaced']);
      expect((await lockAndComplete(j)).status).toBe(200);
      expect((await photoOf(j)).status).toBe(410);

      // Signal again the next morning: the upload is matched to the digest recorded at the drop.
      t.clock.set(DAY_AFTER);
      const uploaded = await upload(j, image);
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toMatchObject({
        sha256: sha256Hex(image),
        ref: `keytrail:photo:${j.deliveryId}/${sha256Hex(image)}`,
      });
      // The same photo again (a retry from the app) records nothing new.
      expect((await upload(j, image, { packageId: 'p-1' })).status).toBe(201);

      const timeline = await j.timeline('customer');
      expect(timeline.phase).toBe('completed');
      const types = timeline.entries.map((e) => e.type);
      expect(types.slice(-3)).toEqual(['LockConfirmed', 'DeliveryCompleted', 'PhotoAttached']);
      expect(types.filter((type) => type === 'PhotoAttached')).toHaveLength(1);
      const placed = timeline.entries.find((e) => e.type === 'PackagePlaced')!;
      expect(placed.data).toMatchObject({
        photoDueBy: GRACE_END,
        photo: { sha256: sha256Hex(image), capturedAt: at('14:01:00') },
      });
      expect((timeline.entries.at(-1) as unknown as { line: string }).line).toBe(
        `Photo ${sha256Hex(image).slice(0, 12)}… uploaded at 09:00:00, matching the digest recorded for package p-1`,
      );
      const shown = await photoOf(j);
      expect(shown.status).toBe(200);
      expect(Buffer.from(shown.body as Buffer).equals(image)).toBe(true);
      expect((await j.anomalies()).map((a) => a.code)).not.toContain('photo_missing');
    });

    it('refuses an upload that does not match the recorded digest, storing nothing', async () => {
      const j = new Journey(t);
      await atTheOpenTrunk(j);
      expect((await j.dropOffline('14:01:00', pngPhoto(`right-${j.deliveryId}`))).status).toBe(200);
      const head = await t.database.store.headPosition();
      const blobs = await readdir(t.privacy.blobDir, { recursive: true });
      const wrong = pngPhoto(`wrong-${j.deliveryId}`);
      const mismatch = await upload(j, wrong, { packageId: 'p-1' });
      expect(mismatch.status).toBe(422);
      expect(mismatch.body.error).toMatchObject({
        code: 'PHOTO.DIGEST_MISMATCH',
        details: { packageId: 'p-1', actual: sha256Hex(wrong) },
      });
      expect((await upload(j, wrong, { packageId: 'p-9' })).status).toBe(404);
      expect(await t.database.store.headPosition()).toBe(head);
      expect(await readdir(t.privacy.blobDir, { recursive: true })).toEqual(blobs);
    });

    it('flags photo_missing when the grace period ends with no photo, and refuses a later upload', async () => {
      const j = new Journey(t);
      const image = pngPhoto(`never-${j.deliveryId}`);
      await atTheOpenTrunk(j);
      expect((await j.dropOffline('14:01:00', image)).status).toBe(200);
      expect((await lockAndComplete(j)).status).toBe(200);
      await t.settle();
      t.clock.set(GRACE_END);
      await t.settle();
      expect(await j.eventTypes()).not.toContain('PhotoUploadOverdue');
      t.clock.set('2026-12-02T14:01:01.000Z');
      await waitFor(async () => (await j.eventTypes()).includes('PhotoUploadOverdue'));
      const missing = (await j.anomalies()).filter((a) => a.code === 'photo_missing');
      expect(missing).toEqual([expect.objectContaining({ severity: 'medium' })]);

      const late = await upload(j, image);
      expect(late.status).toBe(422);
      expect(late.body.error).toMatchObject({
        code: 'PHOTO.TOO_LATE',
        details: { recorded: [{ type: 'CommandRefused' }] },
      });
      expect((await photoOf(j)).status).toBe(410);
    });

    it('keeps the old way working: a photo uploaded first, then the drop with its ref', async () => {
      const j = new Journey(t);
      await atTheOpenTrunk(j);
      const res = await j.dropPackage('14:01:00');
      expect(res.status).toBe(200);
      const placed = (await j.timeline()).entries.find((e) => e.type === 'PackagePlaced')!;
      expect(placed.data.photoDueBy).toBeNull();
      const wrongRef = await j.post('packages', {
        packageId: 'p-2',
        photo: {
          sha256: 'ab'.repeat(32),
          ref: 'photos/p-2.jpg',
          capturedAt: at('14:01:00'),
          geotag: null,
        },
      });
      expect(wrongRef.status).toBe(422);
      expect(wrongRef.body.error.code).toBe('PHOTO.REF_MISMATCH');
    });
  });

  it('flags photo_reused, high, on the later delivery that recorded a photo already used on another', async () => {
    const image = pngPhoto('reused-for-two');
    const first = new Journey(t);
    const second = new Journey(t);
    for (const j of [first, second]) {
      await atTheOpenTrunk(j);
      expect((await j.dropOffline('14:01:00', image)).status).toBe(200);
    }
    expect((await first.anomalies()).map((a) => a.code)).not.toContain('photo_reused');
    const reused = (await second.anomalies()).filter((a) => a.code === 'photo_reused');
    expect(reused).toEqual([expect.objectContaining({ severity: 'high' })]);
    expect(reused[0]!.evidence).toHaveLength(2);
  });

  it('flags packages_missing when 2 of 3 expected packages were placed', async () => {
    const j = new Journey(t);
    const packages = [{ packageId: 'p-1' }, { packageId: 'p-2' }, { packageId: 'p-3' }];
    await atTheOpenTrunk(j, { packages });
    expect((await j.dropOffline('14:01:00', pngPhoto(`a-${j.deliveryId}`), 'p-1')).status).toBe(
      200,
    );
    expect((await j.dropOffline('14:01:05', pngPhoto(`b-${j.deliveryId}`), 'p-2')).status).toBe(
      200,
    );
    expect((await lockAndComplete(j)).status).toBe(200);
    const missing = (await j.anomalies()).filter((a) => a.code === 'packages_missing');
    expect(missing).toEqual([expect.objectContaining({ severity: 'high' })]);
  });

  it('refuses to complete with no package placed (DELIVERY.NO_PACKAGE, recorded); fail stays open', async () => {
    const j = new Journey(t);
    await atTheOpenTrunk(j);
    const complete = await lockAndComplete(j);
    expect(complete.status).toBe(422);
    expect(complete.body.error).toMatchObject({
      code: 'DELIVERY.NO_PACKAGE',
      details: { recorded: [{ type: 'CommandRefused' }] },
    });
    expect((await j.timeline()).entries.at(-1)).toMatchObject({
      type: 'CommandRefused',
      data: { code: 'DELIVERY.NO_PACKAGE' },
    });
    const failed = await j.post('fail', { reason: 'recipient refused', fallback: 'returned' });
    expect(failed.status).toBe(200);
  });

  describe('cancelling', () => {
    it('cancels before the unlock (the customer), revokes the grant, and denies the unlock after', async () => {
      const j = new Journey(t);
      await j.schedule();
      await j.grant();
      t.clock.set(at('13:40:00'));
      const cancelled = await j.post('cancel', { reason: 'not home after all' }, 'customer');
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.events.map((e: { type: string }) => e.type)).toEqual([
        'DeliveryCancelled',
        'AccessRevoked',
      ]);
      const unlock = await j.unlock('14:00:00');
      expect(unlock.status).toBe(422);
      expect(unlock.body.error.details.reason).toBe('no_grant');
      await t.settle();
      const search = await t.http
        .get(`/v1/deliveries?status=cancelled&customerId=${j.customerId}`)
        .set('authorization', `Bearer ${await t.token('investigator', 'inv-1')}`);
      expect(search.body.items).toEqual([
        expect.objectContaining({
          deliveryId: j.deliveryId,
          status: 'cancelled',
          cancelledAt: at('13:40:00'),
        }),
      ]);
      const entry = (await j.timeline()).entries.find((e) => e.type === 'DeliveryCancelled');
      expect(entry).toMatchObject({ line: 'Delivery cancelled at 13:40:00' });
    });

    it('refuses to cancel after an allowed unlock, with a clear code, recorded', async () => {
      const j = new Journey(t);
      await atTheOpenTrunk(j);
      const refused = await j.post('cancel', {});
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({
        code: 'DELIVERY.ALREADY_UNLOCKED',
        details: { recorded: [{ type: 'CommandRefused' }] },
      });
      expect((await j.timeline()).phase).toBe('open');
    });

    it('lets no other customer cancel', async () => {
      const j = new Journey(t);
      await j.schedule();
      const stranger = await t.http
        .post(`/v1/deliveries/${j.deliveryId}/cancel`)
        .set('authorization', `Bearer ${await t.token('customer', 'cust-stranger')}`)
        .send({});
      expect(stranger.status).toBe(404);
    });
  });

  it('finds deliveries by orderId', async () => {
    const orderId = `o-${Date.now()}`;
    const [a, b, other] = [new Journey(t), new Journey(t), new Journey(t)];
    await a.schedule({ orderId });
    await b.schedule({ orderId });
    await other.schedule();
    await t.settle();
    const res = await t.http
      .get(`/v1/deliveries?orderId=${orderId}`)
      .set('authorization', `Bearer ${await t.token('investigator', 'inv-1')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { deliveryId: string }) => i.deliveryId).sort()).toEqual(
      [a.deliveryId, b.deliveryId].sort(),
    );
    expect(res.body.items[0]).toMatchObject({ orderId });
  });

  it('links a re-delivery to its earlier attempt, both ways, for those who may reach them', async () => {
    const first = new Journey(t);
    await first.schedule();
    await first.grant();
    t.clock.set(at('14:30:00'));
    await first.post('fail', { reason: 'car not found', fallback: 'returned' });
    const again = new Journey(t, 'volvo', { customerId: first.customerId });
    const scheduled = await again.schedule({ previousDeliveryId: first.deliveryId });
    expect(scheduled.status).toBe(201);
    await t.settle();
    const later = await again.timeline('customer');
    expect((later as unknown as { links: object }).links).toEqual({
      previousDeliveryId: first.deliveryId,
      redeliveryIds: [],
    });
    expect(later.entries[0]).toMatchObject({
      line: expect.stringContaining(`re-delivery of ${first.deliveryId}`),
    });
    for (const role of ['customer', 'investigator'] as const) {
      const earlier = await first.timeline(role);
      expect((earlier as unknown as { links: object }).links).toEqual({
        previousDeliveryId: null,
        redeliveryIds: [again.deliveryId],
      });
    }

    // Only a delivery of the same customer can be the earlier attempt; nothing is stored otherwise.
    const stranger = new Journey(t);
    t.clock.set(at('12:00:00'));
    for (const previousDeliveryId of [first.deliveryId, 'd-never-scheduled']) {
      const refused = await stranger.post('/v1/deliveries', {
        deliveryId: stranger.deliveryId,
        orderId: 'o-1',
        customerId: stranger.customerId,
        vehicleId: stranger.vehicleId,
        vendor: 'volvo',
        window: { from: at('13:00:00'), to: at('17:00:00') },
        target: 'trunk',
        previousDeliveryId,
      });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('DELIVERY.PREVIOUS_UNKNOWN');
    }
    expect((await stranger.get('timeline')).status).toBe(404);
  });

  it('refuses invalid package lists with 400, storing nothing', async () => {
    const j = new Journey(t);
    t.clock.set(at('12:00:00'));
    const head = await t.database.store.headPosition();
    const many = Array.from({ length: 51 }, (_, i) => ({ packageId: `p-${i}` }));
    for (const packages of [
      [],
      [{ packageId: 'p-1' }, { packageId: 'p-1' }],
      many,
      ['p-1'],
      [{ packageId: 'not an id!' }],
      [{ packageId: 'p-1', weight: 3 }],
      { packageId: 'p-1' },
    ]) {
      const res = await j.post('/v1/deliveries', {
        deliveryId: j.deliveryId,
        orderId: 'o-1',
        customerId: j.customerId,
        vehicleId: j.vehicleId,
        vendor: 'volvo',
        window: { from: at('13:00:00'), to: at('17:00:00') },
        target: 'trunk',
        packages,
      });
      expect({ packages, status: res.status, code: res.body.error?.code }).toEqual({
        packages,
        status: 400,
        code: 'REQUEST.INVALID',
      });
    }
    expect(await t.database.store.headPosition()).toBe(head);
  });
});
