/** A data key as stored: wrapped by a key-encryption key, or destroyed (a tombstone). */
export interface StoredDataKey {
  readonly scope: string;
  readonly customerId: string;
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
    kekId: string;
    wrapped: Buffer;
  }): Promise<StoredDataKey>;
  find(scope: string): Promise<StoredDataKey | null>;
  /** Destroys the customer's live keys (all, or those scopes); answers the scopes destroyed. */
  destroy(customerId: string, reason: string, scopes?: readonly string[]): Promise<string[]>;
  /** Every key the customer has had, live or destroyed. */
  keysOf(customerId: string): Promise<StoredDataKey[]>;
}
