import type pg from 'pg';

import type { DataKeyStore, StoredDataKey } from '../../privacy/data-key-store.js';

interface DataKeyRow {
  scope: string;
  customer_id: string;
  kek_id: string;
  wrapped: Buffer | null;
  destroyed_at: Date | null;
  destroyed_for: string | null;
  wrapped_under: string | null;
}

const COLUMNS = 'scope, customer_id, kek_id, wrapped, destroyed_at, destroyed_for, wrapped_under';

const fromRow = (row: DataKeyRow): StoredDataKey => ({
  scope: row.scope,
  customerId: row.customer_id,
  kekId: row.kek_id,
  wrapped: row.wrapped,
  destroyedAt: row.destroyed_at?.toISOString() ?? null,
  destroyedFor: row.destroyed_for,
  wrappedUnder: row.wrapped_under,
});

/** Wrapped data keys in `privacy.data_keys`; destroying one overwrites its bytes with NULL. */
export class PostgresDataKeyStore implements DataKeyStore {
  constructor(private readonly pool: pg.Pool) {}

  async insertIfAbsent(key: {
    scope: string;
    customerId: string;
    kekId: string;
    wrapped: Buffer;
  }): Promise<StoredDataKey> {
    const { rows } = await this.pool.query<DataKeyRow>(
      `INSERT INTO privacy.data_keys (scope, customer_id, kek_id, wrapped) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope) DO NOTHING RETURNING ${COLUMNS}`,
      [key.scope, key.customerId, key.kekId, key.wrapped],
    );
    if (rows[0]) return fromRow(rows[0]);
    // Another request made the scope's key first: that one is the key.
    const stored = await this.find(key.scope);
    if (!stored) throw new Error(`The data key for ${key.scope} vanished as it was stored`);
    return stored;
  }

  async find(scope: string): Promise<StoredDataKey | null> {
    const { rows } = await this.pool.query<DataKeyRow>(
      `SELECT ${COLUMNS} FROM privacy.data_keys WHERE scope = $1`,
      [scope],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async destroy(customerId: string, reason: string, scopes?: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ scope: string }>(
      `UPDATE privacy.data_keys SET wrapped = NULL, destroyed_at = now(), destroyed_for = $2
        WHERE customer_id = $1 AND destroyed_at IS NULL AND ($3::text[] IS NULL OR scope = ANY($3))
        RETURNING scope`,
      [customerId, reason, scopes ?? null],
    );
    return rows.map((row) => row.scope).sort();
  }

  async keysOf(customerId: string): Promise<StoredDataKey[]> {
    const { rows } = await this.pool.query<DataKeyRow>(
      `SELECT ${COLUMNS} FROM privacy.data_keys WHERE customer_id = $1 ORDER BY scope`,
      [customerId],
    );
    return rows.map(fromRow);
  }
}
