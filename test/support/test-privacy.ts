import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { LocalBlobStore } from '../../src/adapters/blob/local-blob-store.js';
import type { PrivacyDependencies } from '../../src/modules/privacy/privacy.tokens.js';
import { LocalKeyEncryptionKeys } from '../../src/privacy/key-encryption.js';

export interface TestPrivacy extends PrivacyDependencies {
  readonly blobDir: string;
  remove(): Promise<void>;
}

/** Fresh keys and a photo directory of its own for one test app; retention off unless asked. */
export async function testPrivacy(
  overrides: Partial<PrivacyDependencies> = {},
): Promise<TestPrivacy> {
  const blobDir = await mkdtemp(path.join(tmpdir(), 'keytrail-blobs-'));
  return {
    keyEncryptionKeys: new LocalKeyEncryptionKeys(new Map([['kek-test', randomBytes(32)]])),
    pseudonymSecret: randomBytes(32),
    blobs: new LocalBlobStore(blobDir),
    photoMaxBytes: 512 * 1024,
    photosPerDelivery: 10,
    retentionDays: 0,
    retentionIntervalMs: 60_000,
    ...overrides,
    blobDir,
    remove: () => rm(blobDir, { recursive: true, force: true }),
  };
}
