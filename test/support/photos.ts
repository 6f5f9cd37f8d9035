import { createHash } from 'node:crypto';

import type { TestApp } from './test-app.js';

/** A real 1×1 PNG, with `variant` bytes appended after IEND so each photo has its own digest. */
export function pngPhoto(variant = ''): Buffer {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
    'base64',
  );
  return Buffer.concat([png, Buffer.from(variant, 'utf8')]);
}

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Uploads a drop photo as the delivery service does; answers the stored photo's ref and digest. */
export async function uploadPhoto(
  t: TestApp,
  deliveryId: string,
  image: Buffer = pngPhoto(deliveryId),
): Promise<{ sha256: string; ref: string }> {
  const res = await t.http
    .post(`/v1/deliveries/${deliveryId}/photos`)
    .set('authorization', `Bearer ${await t.token('delivery-service', 'delivery-system')}`)
    .field('sha256', sha256Hex(image))
    .attach('photo', image, { filename: 'drop.png', contentType: 'image/png' });
  if (res.status !== 201)
    throw new Error(`photo upload: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { sha256: string; ref: string };
}
