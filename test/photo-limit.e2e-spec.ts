import { readdir } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { Journey } from './support/journey.js';
import { pngPhoto, sha256Hex } from './support/photos.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const LIMIT = 3;

describe('photos per delivery: at most KEYTRAIL_PHOTOS_PER_DELIVERY, a retry takes no new place', () => {
  let t: TestApp;
  const upload = async (deliveryId: string, image: Buffer) =>
    t.http
      .post(`/v1/deliveries/${deliveryId}/photos`)
      .set('authorization', `Bearer ${await t.token('delivery-service', 'ds')}`)
      .field('sha256', sha256Hex(image))
      .attach('photo', image, { filename: 'drop.png', contentType: 'image/png' });
  /** Every file under the photo directory (temporary ones too), and the ledger's size. */
  const stored = async () => ({
    files: (await readdir(t.privacy.blobDir, { recursive: true })).sort(),
    events: (
      await t.database.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM ledger.events',
      )
    )[0]!.n,
  });

  beforeAll(async () => {
    t = await startTestApp({ photosPerDelivery: LIMIT });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps photos up to the limit, counts a retried upload once, and refuses the next storing nothing', async () => {
    const j = new Journey(t);
    await j.schedule();
    for (const n of [1, 2, 3])
      expect((await upload(j.deliveryId, pngPhoto(`p${n}`))).status).toBe(201);
    // The same image again (a retry) is answered as before and takes no new place.
    const retry = await upload(j.deliveryId, pngPhoto('p1'));
    expect(retry.status).toBe(201);
    expect(retry.body.sha256).toBe(sha256Hex(pngPhoto('p1')));

    const before = await stored();
    const fourth = await upload(j.deliveryId, pngPhoto('p4'));
    expect(fourth.status).toBe(422);
    expect(fourth.body).toEqual({
      error: {
        code: 'PHOTO.TOO_MANY',
        message: `A delivery holds at most ${LIMIT} photos (KEYTRAIL_PHOTOS_PER_DELIVERY): nothing was stored`,
        details: { limit: LIMIT, held: LIMIT },
      },
    });
    expect(await stored()).toEqual(before);
    expect(before.files.filter((f) => f.includes(sha256Hex(pngPhoto('p4'))))).toEqual([]);
    // A retry of a held photo is still taken past the limit.
    expect((await upload(j.deliveryId, pngPhoto('p2'))).status).toBe(201);
    // The limit is per delivery.
    const other = new Journey(t);
    await other.schedule();
    expect((await upload(other.deliveryId, pngPhoto('p4'))).status).toBe(201);
  });

  it('refuses a photo a recorded drop waits for once the delivery holds the limit: no PhotoAttached, no blob', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    for (const n of [1, 2, 3])
      expect((await upload(j.deliveryId, pngPhoto(`q${n}`))).status).toBe(201);
    expect((await j.dropOffline('14:01:00', pngPhoto('q4'))).status).toBe(200);
    const before = await stored();
    const late = await upload(j.deliveryId, pngPhoto('q4'));
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('PHOTO.TOO_MANY');
    expect(await stored()).toEqual(before);
    expect(await j.eventTypes()).not.toContain('PhotoAttached');
  });

  it('keeps exactly the limit out of concurrent uploads, refusing the rest', async () => {
    const j = new Journey(t);
    await j.schedule();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => upload(j.deliveryId, pngPhoto(`c${n}`))),
    );
    const kept = answers.filter((a) => a.status === 201).length;
    expect(answers.every((a) => a.status === 201 || a.body.error.code === 'PHOTO.TOO_MANY')).toBe(
      true,
    );
    expect(kept).toBe(LIMIT);
    const held = (await readdir(t.privacy.blobDir, { recursive: true })).filter(
      (f) => f.startsWith(`photos/${j.deliveryId}/`) && /[0-9a-f]{64}$/.test(f),
    );
    expect(held.length).toBe(kept);
  });
});
