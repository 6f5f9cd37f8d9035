import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { at, Journey } from './support/journey.js';
import { pngPhoto, sha256Hex, uploadPhoto } from './support/photos.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('drop photos: upload, checks, encryption at rest', () => {
  let t: TestApp;
  let j: Journey;
  const upload = async (
    body: { image?: Buffer; sha256?: string; contentType?: string },
    deliveryId = j.deliveryId,
  ) => {
    let req = t.http
      .post(`/v1/deliveries/${deliveryId}/photos`)
      .set('authorization', `Bearer ${await t.token('delivery-service', 'ds')}`);
    if (body.sha256 !== undefined) req = req.field('sha256', body.sha256);
    if (body.image)
      req = req.attach('photo', body.image, {
        filename: 'x',
        contentType: body.contentType ?? 'image/png',
      });
    return req;
  };

  beforeAll(async () => {
    t = await startTestApp();
    j = new Journey(t);
    await j.schedule();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores a photo encrypted, by content address, and answers its ref', async () => {
    const image = pngPhoto('stored');
    const res = await upload({ image, sha256: sha256Hex(image) });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      deliveryId: j.deliveryId,
      sha256: sha256Hex(image),
      ref: `keytrail:photo:${j.deliveryId}/${sha256Hex(image)}`,
      contentType: 'image/png',
      size: image.length,
    });
    const file = path.join(t.privacy.blobDir, 'photos', j.deliveryId, sha256Hex(image));
    const stored = await readFile(file);
    expect(stored.subarray(0, 4).toString('latin1')).toBe('KTP1');
    expect(stored.includes(image.subarray(0, 16))).toBe(false);
  });

  it('refuses oversized, non-image, mismatched, unsigned and misaddressed uploads, storing nothing', async () => {
    const before = await readdir(t.privacy.blobDir, { recursive: true });
    const big = Buffer.concat([pngPhoto(), Buffer.alloc(600 * 1024)]);
    const cases: [Promise<{ status: number; body: unknown }>, number, string][] = [
      [upload({ image: big, sha256: sha256Hex(big) }), 413, 'PHOTO.TOO_LARGE'],
      [
        upload({
          image: Buffer.from('not an image at all'),
          sha256: sha256Hex(Buffer.from('not an image at all')),
          contentType: 'image/png',
        }),
        415,
        'PHOTO.NOT_AN_IMAGE',
      ],
      [
        upload({ image: pngPhoto('a'), sha256: sha256Hex(pngPhoto('b')) }),
        422,
        'PHOTO.DIGEST_MISMATCH',
      ],
      [upload({ image: pngPhoto('c') }), 400, 'PHOTO.SHA256_REQUIRED'],
      [upload({ sha256: sha256Hex(pngPhoto()) }), 400, 'PHOTO.MISSING'],
      [
        upload({ image: pngPhoto('d'), sha256: sha256Hex(pngPhoto('d')) }, 'd-unknown'),
        404,
        'DELIVERY.NOT_FOUND',
      ],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect({ status: res.status, body: res.body }).toMatchObject({
        status,
        body: { error: { code } },
      });
    }
    const json = await t.http
      .post(`/v1/deliveries/${j.deliveryId}/photos`)
      .set('authorization', `Bearer ${await t.token('delivery-service', 'ds')}`)
      .send({ sha256: 'ab'.repeat(32) });
    expect(json.status).toBe(415);
    const asInvestigator = await t.http
      .post(`/v1/deliveries/${j.deliveryId}/photos`)
      .set('authorization', `Bearer ${await t.token('investigator', 'inv')}`)
      .field('sha256', sha256Hex(pngPhoto('e')))
      .attach('photo', pngPhoto('e'), 'x.png');
    expect(asInvestigator.status).toBe(403);
    expect(await readdir(t.privacy.blobDir, { recursive: true })).toEqual(before);
  });

  it('records a drop before its photo is uploaded, but refuses a ref that is not its address', async () => {
    const other = new Journey(t);
    await other.schedule();
    const elsewhere = await uploadPhoto(t, other.deliveryId);
    const head = await t.database.store.headPosition();
    for (const photo of [
      { sha256: 'ab'.repeat(32), ref: 'photos/p-1.jpg' },
      { sha256: elsewhere.sha256, ref: elsewhere.ref },
    ]) {
      const res = await j.post('packages', {
        packageId: 'p-1',
        photo: { ...photo, capturedAt: at('14:00:00'), geotag: null },
      });
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 422,
        body: { error: { code: 'PHOTO.REF_MISMATCH' } },
      });
    }
    expect(await t.database.store.headPosition()).toBe(head);
    const offline = await j.post('packages', {
      packageId: 'p-1',
      photo: {
        sha256: 'cd'.repeat(32),
        ref: `keytrail:photo:${j.deliveryId}/${'cd'.repeat(32)}`,
        capturedAt: at('14:00:00'),
        geotag: null,
      },
    });
    expect(offline.status).toBe(200);
    expect(offline.body.events.map((e: { type: string }) => e.type)).toEqual(['PackagePlaced']);
  });

  it('fails loudly on a photo blob tampered with on disk, never sending garbage', async () => {
    const tampered = new Journey(t);
    await tampered.schedule();
    await tampered.grant();
    await tampered.unlock('14:00:00');
    await tampered.closure('opened', '14:00:40');
    expect((await tampered.dropPackage('14:01:00')).status).toBe(200);
    const dir = path.join(t.privacy.blobDir, 'photos', tampered.deliveryId);
    const [name] = await readdir(dir);
    const file = path.join(dir, name!);
    const bytes = await readFile(file);
    bytes[bytes.length - 20]! ^= 0xff;
    await writeFile(file, bytes);
    const res = await t.http
      .get(`/v1/deliveries/${tampered.deliveryId}/packages/p-1/photo`)
      .set('authorization', `Bearer ${await t.token('customer', tampered.customerId)}`);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: { code: 'PRIVACY.UNDECRYPTABLE' } });
  });
});
