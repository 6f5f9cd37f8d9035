import { randomBytes } from 'node:crypto';

import { logSigner } from '../../src/integrity/log-signer.js';
import type { IntegrityDependencies } from '../../src/modules/integrity/integrity.tokens.js';

export const TEST_ORIGIN = 'keytrail.test/ledger';

/** A fresh signing key per test app; checkpoints every 100 ms, so tests need not wait long. */
export const testIntegrity = (seed: Uint8Array = randomBytes(32)): IntegrityDependencies => ({
  log: logSigner(TEST_ORIGIN, new Uint8Array(seed)),
  policy: { everyMs: 100, everyLeaves: 1000 },
});
