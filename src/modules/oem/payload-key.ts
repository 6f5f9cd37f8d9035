import { createHash } from 'node:crypto';

import canonicalize from 'canonicalize';

/** A carmaker's retry carries the same payload: its digest is the natural idempotency key. */
export const payloadKey = (vendor: string, route: string, payload: unknown): string =>
  `oem:${vendor}:${createHash('sha256')
    .update(canonicalize({ route, payload }) ?? '')
    .digest('hex')}`;
