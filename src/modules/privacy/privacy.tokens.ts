import type { BlobStore } from '../../privacy/blob-store.js';
import type { KeyEncryptionKeys } from '../../privacy/key-encryption.js';
import type { CasePolicy } from '../../domain/case/case-policy.js';

export interface PrivacyDependencies {
  readonly keyEncryptionKeys: KeyEncryptionKeys;
  readonly pseudonymSecret: Buffer;
  /** Where photos are kept (encrypted). */
  readonly blobs: BlobStore;
  /** How long an unwrapped data key stays in memory (default 30 s). */
  readonly dataKeyCacheTtlMs?: number;
  readonly photoMaxBytes: number;
  /** How many distinct photos one delivery may hold; an upload past it is refused (422 PHOTO.TOO_MANY). */
  readonly photosPerDelivery: number;
  /** Days after a delivery closes before its personal data is shredded; 0 keeps it. */
  readonly retentionDays: number;
  readonly retentionIntervalMs: number;
  /** How long cases live and how many deliveries they cover (default: DEFAULT_CASE_POLICY). */
  readonly casePolicy?: CasePolicy;
}

export const CASE_POLICY = Symbol('CASE_POLICY');

export const PRIVACY_SETTINGS = Symbol('PRIVACY_SETTINGS');
export type PrivacySettings = Pick<
  PrivacyDependencies,
  'photoMaxBytes' | 'photosPerDelivery' | 'retentionDays' | 'retentionIntervalMs'
>;
