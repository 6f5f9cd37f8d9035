import type pg from 'pg';

import type { DataSubjectKind } from '../../domain/shared/personal-data.js';
import { parseKeyScope } from '../../privacy/data-key.js';
import type { DataKeyStore, DataSubject, StoredDataKey } from '../../privacy/data-key-store.js';
import { readOrUnavailable } from './postgres-errors.js';

interface DataKeyRow {
  scope: string;
  customer_id: string;
  subject_kind: DataSubjectKind;
  kek_id: string;
  wrapped: Buffer | null;
  destroyed_at: Date | null;
  destroyed_for: string | null;
  wrapped_under: string | null;
}

const COLUMNS =
  'scope, customer_id, subject_kind, kek_id, wrapped, destroyed_at, destroyed_for, wrapped_under';

const fromRow = (row: DataKeyRow): StoredDataKey => ({
  scope: row.scope,
  customerId: row.customer_id,
  subjectKind: row.subject_kind,
  kekId: row.kek_id,
  wrapped: row.wrapped,
  destroyedAt: row.destroyed_at?.toISOString() ?? null,
  destroyedFor: row.destroyed_for,
  wrappedUnder: row.wrapped_under,
});

/** Wrapped data keys in `privacy.data_keys`; destroying one overwrites its bytes with NULL. */
export class PostgresDataKeyStore implements DataKeyStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Every statement here may be repeated: a lost server is 503 STORE.UNAVAILABLE, retry. */
  private query<R extends pg.QueryResultRow>(text: string, values: unknown[]) {
    return readOrUnavailable(() => this.pool.query<R>(text, values));
  }

  async insertIfAbsent(key: {
    scope: string;
    customerId: string;
    subjectKind: DataSubjectKind;
    kekId: string;
    wrapped: Buffer;
  }): Promise<StoredDataKey> {
    const { rows } = await this.query<DataKeyRow>(
      `INSERT INTO privacy.data_keys (scope, customer_id, subject_kind, kek_id, wrapped)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope) DO NOTHING RETURNING ${COLUMNS}`,
      [key.scope, key.customerId, key.subjectKind, key.kekId, key.wrapped],
    );
    if (rows[0]) return fromRow(rows[0]);
    // Another request made the scope's key first: that one is the key.
    const stored = await this.find(key.scope);
    if (!stored) throw new Error(`The data key for ${key.scope} vanished as it was stored`);
    return stored;
  }

  async find(scope: string): Promise<StoredDataKey | null> {
    const { rows } = await this.query<DataKeyRow>(
      `SELECT ${COLUMNS} FROM privacy.data_keys WHERE scope = $1`,
      [scope],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async destroy(
    subject: DataSubject,
    reason: string,
    scopes?: readonly string[],
  ): Promise<string[]> {
    const { rows } = await this.query<{ scope: string }>(
      `UPDATE privacy.data_keys SET wrapped = NULL, destroyed_at = now(), destroyed_for = $3
        WHERE subject_kind = $1 AND customer_id = $2 AND destroyed_at IS NULL
          AND ($4::text[] IS NULL OR scope = ANY($4))
        RETURNING scope`,
      [subject.kind, subject.id, reason, scopes ?? null],
    );
    return rows.map((row) => row.scope).sort();
  }

  async keysOf(subject: DataSubject): Promise<StoredDataKey[]> {
    const { rows } = await this.query<DataKeyRow>(
      `SELECT ${COLUMNS} FROM privacy.data_keys WHERE subject_kind = $1 AND customer_id = $2
        ORDER BY scope`,
      [subject.kind, subject.id],
    );
    return rows.map(fromRow);
  }

  async liveCourierScopesOf(deliveryIds: readonly string[]): Promise<string[]> {
    if (deliveryIds.length === 0) return [];
    // The name ends with the delivery's id: a cheap filter, then the name is read to be sure.
    const { rows } = await this.query<{ scope: string }>(
      `SELECT k.scope FROM privacy.data_keys k, unnest($1::text[]) AS d(id)
        WHERE k.subject_kind = 'courier' AND k.destroyed_at IS NULL
          AND right(k.scope, length(d.id)) = d.id`,
      [deliveryIds],
    );
    const wanted = new Set(deliveryIds);
    return rows
      .map((row) => row.scope)
      .filter((scope) => {
        const parsed = parseKeyScope(scope);
        return parsed?.kind === 'courier' && wanted.has(parsed.deliveryId);
      })
      .sort();
  }
}
