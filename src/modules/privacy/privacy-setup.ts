import { LocalBlobStore } from '../../adapters/blob/local-blob-store.js';
import type { PrivacyDependencies } from './privacy.tokens.js';
import { LocalKeyEncryptionKeys } from '../../privacy/key-encryption.js';
import type { KeytrailConfig } from '../../config/keytrail-config.js';
import { resolvePrivacyKeys } from '../../privacy/privacy-keys.js';

/** The keys and photo storage from the configuration (see privacy-keys.ts). */
export async function privacySetup(
  config: KeytrailConfig,
): Promise<PrivacyDependencies & { keysSource: string }> {
  const keys = await resolvePrivacyKeys(config);
  return {
    keyEncryptionKeys: new LocalKeyEncryptionKeys(keys.keyEncryptionKeys),
    pseudonymSecret: keys.pseudonymSecret,
    blobs: new LocalBlobStore(config.blobDir),
    photoMaxBytes: config.photoMaxBytes,
    photosPerDelivery: config.photosPerDelivery,
    retentionDays: config.retentionDays,
    retentionIntervalMs: config.retentionIntervalMs,
    casePolicy: config.casePolicy,
    keysSource: keys.source,
  };
}
