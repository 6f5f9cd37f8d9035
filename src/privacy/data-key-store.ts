import type { DataSubjectKind } from '../domain/shared/personal-data.js';

/** Whose keys: a customer's, or a courier's (the two may share an id, never a key). */
export interface DataSubject {
  readonly kind: DataSubjectKind;
  readonly id: string;
}

/** A data key as stored: wrapped by a key-encryption key, or destroyed (a tombstone). */
export interface StoredDataKey {
  readonly scope: string;
  /** The subject the key belongs to: a customer, or a courier for a courier scope. */
  readonly customerId: string;
  readonly subjectKind: DataSubjectKind;
  readonly kekId: string;
  /** null once destroyed. */
  readonly wrapped: Buffer | null;
  readonly destroyedAt: string | null;
  readonly destroyedFor: string | null;
  /**
   * The wrapping context of a key wrapped before scopes were length-prefixed (its old scope name and
   * customer); null for a key wrapped under its own scope's context.
   */
  readonly wrappedUnder: string | null;
}

/** Where wrapped data keys live (PostgreSQL by default; a KMS-backed store fits the same shape). */
export interface DataKeyStore {
  /** Stores the key unless the scope already has one (live or destroyed); returns the scope's key. */
  insertIfAbsent(key: {
    scope: string;
    customerId: string;
    subjectKind: DataSubjectKind;
    kekId: string;
    wrapped: Buffer;
  }): Promise<StoredDataKey>;
  find(scope: string): Promise<StoredDataKey | null>;
  /** Destroys the subject's live keys (all, or those scopes); answers the scopes destroyed. */
  destroy(subject: DataSubject, reason: string, scopes?: readonly string[]): Promise<string[]>;
  /** Every key the subject has had, live or destroyed. */
  keysOf(subject: DataSubject): Promise<StoredDataKey[]>;
  /** The live courier keys of these deliveries (whichever couriers they belong to). */
  liveCourierScopesOf(deliveryIds: readonly string[]): Promise<string[]>;
}
