import { randomBytes } from 'node:crypto';

import {
  type DataKey,
  legacyVehicleKeyScope,
  parseKeyScope,
  subjectKindOfScope,
} from './data-key.js';
import type { DataKeyStore, DataSubject, StoredDataKey } from './data-key-store.js';
import type { KeyEncryptionKeys } from './key-encryption.js';

export interface DataKeysOptions {
  /** How long an unwrapped key is kept in memory; 0 unwraps on every use. */
  readonly cacheTtlMs: number;
}

interface Cached {
  readonly key: DataKey;
  readonly until: number;
}

/**
 * The wrapping context binds a wrapped key to its scope and customer, each length-prefixed: rows
 * cannot be swapped, not even between a scope and customer whose names run into each other.
 */
const wrapContext = (scope: string, customerId: string) =>
  `keytrail:data-key/${scope.length}:${scope}/${customerId.length}:${customerId}`;

/**
 * A key wrapped before scopes were length-prefixed was bound to its old name
 * (`keytrail:data-key:{old scope}:{customer}`), kept beside it. That old name must be the one its
 * scope had: a row carried to another scope still does not unwrap.
 */
function unwrapContext(stored: StoredDataKey): string {
  if (stored.wrappedUnder === null) return wrapContext(stored.scope, stored.customerId);
  const scope = parseKeyScope(stored.scope);
  const oldName =
    scope?.kind === 'vehicle'
      ? legacyVehicleKeyScope(scope.vehicleId, scope.customerId)
      : stored.scope;
  // An old context that does not fit the row is not used: the key then does not unwrap.
  return stored.wrappedUnder.startsWith(`keytrail:data-key:${oldName}:`)
    ? stored.wrappedUnder
    : wrapContext(stored.scope, stored.customerId);
}

/**
 * Data subjects' keys (customers', and couriers' for courier scopes): made on first use, wrapped by
 * the key-encryption key, unwrapped on demand and kept in memory for a short while. A destroyed key is
 * gone for good: `null` from then on.
 */
export class DataKeys {
  private readonly cache = new Map<string, Cached>();
  private readonly destroyListeners: (() => void)[] = [];

  constructor(
    private readonly store: DataKeyStore,
    private readonly kek: KeyEncryptionKeys,
    private readonly options: DataKeysOptions = { cacheTtlMs: 30_000 },
  ) {}

  /**
   * The scope's key, made now if it has none; null when it was destroyed. `customerId` is the
   * subject it belongs to: the courier for a courier scope.
   */
  async keyFor(scope: string, customerId: string): Promise<DataKey | null> {
    const cached = this.cached(scope);
    if (cached) return cached;
    let stored = await this.store.find(scope);
    if (!stored) {
      const fresh = randomBytes(32);
      const { keyId, wrapped } = await this.kek.wrap(fresh, wrapContext(scope, customerId));
      stored = await this.store.insertIfAbsent({
        scope,
        customerId,
        subjectKind: subjectKindOfScope(scope),
        kekId: keyId,
        wrapped,
      });
    }
    return this.unwrap(stored);
  }

  /** The scope's key if it has a live one. */
  async existingKey(scope: string): Promise<DataKey | null> {
    const cached = this.cached(scope);
    if (cached) return cached;
    const stored = await this.store.find(scope);
    return stored ? this.unwrap(stored) : null;
  }

  /** Keys for several scopes at once (absent or destroyed: not in the map). */
  async existingKeys(scopes: Iterable<string>): Promise<Map<string, DataKey>> {
    const found = new Map<string, DataKey>();
    for (const scope of new Set(scopes)) {
      const key = await this.existingKey(scope);
      if (key) found.set(scope, key);
    }
    return found;
  }

  /** How long an unwrapped key is kept in memory: what was opened with it may be kept as long. */
  get cacheTtlMs(): number {
    return this.options.cacheTtlMs;
  }

  /** Called whenever this process destroys keys (as it begins and when done): opened fields are dropped. */
  onDestroy(listener: () => void): void {
    this.destroyListeners.push(listener);
  }

  /** Crypto-shredding: the customer's keys (all, or those scopes) are destroyed, here and in the store. */
  destroy(customerId: string, reason: string, scopes?: readonly string[]): Promise<string[]> {
    return this.destroyOf({ kind: 'customer', id: customerId }, reason, scopes);
  }

  /** Crypto-shredding of a courier's keys (all, or those scopes); no customer's key is touched. */
  destroyCourier(courierId: string, reason: string, scopes?: readonly string[]): Promise<string[]> {
    return this.destroyOf({ kind: 'courier', id: courierId }, reason, scopes);
  }

  /** The customer's keys, live or destroyed. */
  keysOf(customerId: string): Promise<StoredDataKey[]> {
    return this.store.keysOf({ kind: 'customer', id: customerId });
  }

  /** The courier's keys, live or destroyed. */
  keysOfCourier(courierId: string): Promise<StoredDataKey[]> {
    return this.store.keysOf({ kind: 'courier', id: courierId });
  }

  /** The live courier keys of these deliveries, by courier: what retention shreds with them. */
  async liveCourierScopesOf(deliveryIds: readonly string[]): Promise<Map<string, string[]>> {
    const byCourier = new Map<string, string[]>();
    for (const scope of await this.store.liveCourierScopesOf(deliveryIds)) {
      const parsed = parseKeyScope(scope);
      if (parsed?.kind !== 'courier') continue;
      byCourier.set(parsed.courierId, [...(byCourier.get(parsed.courierId) ?? []), scope]);
    }
    return byCourier;
  }

  private async destroyOf(
    subject: DataSubject,
    reason: string,
    scopes?: readonly string[],
  ): Promise<string[]> {
    for (const [scope, cached] of this.cache) {
      if (
        cached.key.customerId === subject.id &&
        subjectKindOfScope(scope) === subject.kind &&
        (!scopes || scopes.includes(scope))
      )
        this.cache.delete(scope);
    }
    // Before and after: nothing opened while the store was destroying them is kept either.
    this.notifyDestroyed();
    const destroyed = await this.store.destroy(subject, reason, scopes);
    this.notifyDestroyed();
    return destroyed;
  }

  private notifyDestroyed(): void {
    for (const listener of this.destroyListeners) listener();
  }

  private cached(scope: string): DataKey | null {
    const hit = this.cache.get(scope);
    if (!hit) return null;
    if (hit.until > Date.now()) return hit.key;
    this.cache.delete(scope);
    return null;
  }

  private async unwrap(stored: StoredDataKey): Promise<DataKey | null> {
    if (stored.wrapped === null) return null;
    const key: DataKey = {
      scope: stored.scope,
      customerId: stored.customerId,
      key: await this.kek.unwrap(stored.wrapped, stored.kekId, unwrapContext(stored)),
    };
    if (this.options.cacheTtlMs > 0)
      this.cache.set(stored.scope, { key, until: Date.now() + this.options.cacheTtlMs });
    return key;
  }
}
