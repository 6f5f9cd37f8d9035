import type { LedgerEvent } from '../../delivery-story/ledger-event.js';

export const PHOTO_REUSED_RULE =
  'A drop photo (the same SHA-256) was already recorded as proof for another delivery';

/** The first drop, in global order, that recorded a digest. */
export interface DigestFirstUse {
  readonly deliveryId: string;
  readonly position: number;
}

export interface PhotoReusedFinding {
  readonly reason: string;
  /** The first drop's position, then this one's. */
  readonly evidence: readonly number[];
}

/**
 * A drop recorded on one delivery with a digest an earlier drop (in global order) recorded on another.
 * Decided in global order, so a replay finds the same reuse on the same (later) delivery.
 */
export function photoReused(
  first: DigestFirstUse | null,
  drop: LedgerEvent & { type: 'PackagePlaced' },
  deliveryId: string,
): PhotoReusedFinding | null {
  const position = drop.metadata.globalPosition;
  if (first === null || first.deliveryId === deliveryId || first.position >= position) return null;
  return {
    reason: `Photo ${drop.data.photo.sha256.slice(0, 12)}… of package ${drop.data.packageId} was already recorded for delivery ${first.deliveryId}`,
    evidence: [first.position, position],
  };
}
