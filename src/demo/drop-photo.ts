import { createHash } from 'node:crypto';

/** A 1×1 PNG the courier's app takes at the drop. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);

export interface DropPhoto {
  readonly image: Buffer;
  readonly sha256: string;
}

/** Each drop its own photo (bytes after IEND differ): the same image twice is `photo_reused`. */
export function dropPhoto(deliveryId: string): DropPhoto {
  const image = Buffer.concat([PNG, Buffer.from(deliveryId, 'utf8')]);
  return { image, sha256: createHash('sha256').update(image).digest('hex') };
}
