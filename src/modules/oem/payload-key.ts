import { createHash } from 'node:crypto';

import { canonicalJson } from '../../event-store/canonical-event.js';

/** A carmaker's retry carries the same payload: its digest is the natural idempotency key. */
export const payloadKey = (vendor: string, route: string, payload: unknown): string =>
  `oem:${vendor}:${createHash('sha256').update(canonicalJson({ route, payload })).digest('hex')}`;
