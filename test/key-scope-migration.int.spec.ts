import { randomBytes, randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { LedgerDatabase } from '../src/adapters/ledger-database.js';
import { LengthPrefixedKeyScopes1764820000000 } from '../src/adapters/postgres/migrations/1764820000000-length-prefixed-key-scopes.js';
import { type LedgerSchema, poolOf } from '../src/adapters/postgres/ledger-data-source.js';
import { PostgresDataKeyStore } from '../src/adapters/postgres/postgres-data-key-store.js';
import { LEDGER_SCHEMA } from '../src/ledger-schema.js';
import type { DataKey } from '../src/privacy/data-key.js';
import { DataKeys } from '../src/privacy/data-keys.js';
import { encryptField, fieldContext } from '../src/privacy/field-cipher.js';
import { LocalKeyEncryptionKeys } from '../src/privacy/key-encryption.js';
import { PersonalDataVault } from '../src/privacy/personal-data-vault.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const BEFORE = {
  ...LEDGER_SCHEMA,
  migrations: (LEDGER_SCHEMA.migrations as readonly unknown[]).filter(
    (migration) => migration !== LengthPrefixedKeyScopes1764820000000,
  ) as LedgerSchema['migrations'],
};
const OPEN = { dataDir: '/nonexistent', poolSize: 2, pollIntervalMs: 50 };
const kek = new LocalKeyEncryptionKeys(new Map([['kek-1', randomBytes(32)]]));
const legacyContext = (scope: string, customerId: string) =>
  `keytrail:data-key:${scope}:${customerId}`;

interface Link {
  readonly vehicleId: string;
  readonly customerId: string;
  readonly plate: string;
}

/**
 * A ledger as it was before key scopes were length-prefixed: zz linked car `car:vv` and the service
 * then linked `car` for `vv:zz`. Both links were named `vehicle:car:vv:zz`, so both plates were sealed
 * with zz's one key; a delivery key of zz beside them.
 */
async function seedLegacyLedger(database: LedgerDatabase, links: readonly Link[]): Promise<void> {
  const pool = poolOf(database.dataSource);
  const keys = new Map<string, DataKey>();
  for (const link of links) {
    const scope = `vehicle:${link.vehicleId}:${link.customerId}`;
    let key = keys.get(scope);
    if (!key) {
      key = { scope, customerId: link.customerId, key: randomBytes(32) };
      keys.set(scope, key);
      const { keyId, wrapped } = await kek.wrap(key.key, legacyContext(scope, link.customerId));
      await pool.query(
        `INSERT INTO privacy.data_keys (scope, customer_id, kek_id, wrapped) VALUES ($1, $2, $3, $4)`,
        [scope, link.customerId, keyId, wrapped],
      );
    }
    const eventId = randomUUID();
    await database.store.append({
      streamId: `vehicle-${link.vehicleId}`,
      expectedRevision: 'no_stream',
      events: [
        {
          eventId,
          type: 'VehicleLinked',
          schemaVersion: 2,
          data: {
            vehicleId: link.vehicleId,
            customerId: link.customerId,
            plate: encryptField(key, link.plate, fieldContext(eventId, 'plate')),
            make: 'Volvo',
            model: 'XC40',
            colour: 'blue',
            photo: null,
            driveSide: 'left',
          },
          context: {
            occurredAt: '2026-11-25T12:00:00.000Z',
            actor: { id: 'svc', role: 'delivery-service' },
            source: 'api',
            correlationId: 'seed',
            causationId: 'seed',
          },
        },
      ],
    });
  }
  const delivery = randomBytes(32);
  const { keyId, wrapped } = await kek.wrap(delivery, legacyContext('delivery:d-1', 'zz'));
  await pool.query(
    `INSERT INTO privacy.data_keys (scope, customer_id, kek_id, wrapped) VALUES ('delivery:d-1', 'zz', $1, $2)`,
    [keyId, wrapped],
  );
}

describe('migration: length-prefixed key scopes', () => {
  let testDatabase: TestDatabase;
  let database: LedgerDatabase;
  let dataKeys: DataKeys;
  let vault: PersonalDataVault;
  const links: Link[] = [
    { vehicleId: 'car:vv', customerId: 'zz', plate: 'ZZ 1' },
    { vehicleId: 'car', customerId: 'vv:zz', plate: 'VV 2' },
    { vehicleId: 'other', customerId: 'by', plate: 'BY 3' },
  ];
  const platesOf = async () => {
    const shown = new Map<string, unknown>();
    for (const link of links) {
      const [opened] = await vault.open(
        await database.store.readStream(`vehicle-${link.vehicleId}`),
      );
      shown.set(link.customerId, (opened!.data as { plate: unknown }).plate);
    }
    return Object.fromEntries(shown);
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const before = await LedgerDatabase.open({
      ...OPEN,
      databaseUrl: testDatabase.url,
      schema: BEFORE,
    });
    await seedLegacyLedger(before, links);
    await before.close();
    database = await LedgerDatabase.open({
      ...OPEN,
      databaseUrl: testDatabase.url,
      schema: LEDGER_SCHEMA,
    });
    dataKeys = new DataKeys(new PostgresDataKeyStore(poolOf(database.dataSource)), kek, {
      cacheTtlMs: 0,
    });
    vault = new PersonalDataVault(dataKeys);
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('gives each link its own scope, under its own customer, with the same wrapped key', async () => {
    const rows = await database.dataSource.query<
      { scope: string; customer_id: string; wrapped: string; wrapped_under: string }[]
    >(
      `SELECT scope, customer_id, encode(wrapped, 'hex') AS wrapped, wrapped_under
         FROM privacy.data_keys ORDER BY scope`,
    );
    expect(rows.map((row) => [row.scope, row.customer_id, row.wrapped_under])).toEqual([
      ['delivery:d-1', 'zz', 'keytrail:data-key:delivery:d-1:zz'],
      ['vehicle/3:car/5:vv:zz', 'vv:zz', 'keytrail:data-key:vehicle:car:vv:zz:zz'],
      ['vehicle/5:other/2:by', 'by', 'keytrail:data-key:vehicle:other:by:by'],
      ['vehicle/6:car:vv/2:zz', 'zz', 'keytrail:data-key:vehicle:car:vv:zz:zz'],
    ]);
    expect(rows[1]!.wrapped).toBe(rows[3]!.wrapped);
  });

  it('keeps every sealed field and key readable: old keys unwrap under the context they were wrapped in', async () => {
    expect(await platesOf()).toEqual({ zz: 'ZZ 1', 'vv:zz': 'VV 2', by: 'BY 3' });
    expect(await dataKeys.existingKey('delivery:d-1')).not.toBeNull();
  });

  it('does not unwrap a migrated key carried to another scope', async () => {
    await database.dataSource.query(
      `INSERT INTO privacy.data_keys (scope, customer_id, kek_id, wrapped, wrapped_under)
       SELECT 'vehicle/5:other/2:zz', 'zz', kek_id, wrapped, wrapped_under
         FROM privacy.data_keys WHERE scope = 'vehicle/6:car:vv/2:zz'`,
    );
    await expect(dataKeys.existingKey('vehicle/5:other/2:zz')).rejects.toMatchObject({
      code: 'PRIVACY.UNDECRYPTABLE',
    });
    await database.dataSource.query(
      `DELETE FROM privacy.data_keys WHERE scope = 'vehicle/5:other/2:zz'`,
    );
  });

  it("erasing zz destroys zz's keys only: vv:zz and by still read their plates", async () => {
    expect(await dataKeys.destroy('zz', 'erasure: test')).toEqual([
      'delivery:d-1',
      'vehicle/6:car:vv/2:zz',
    ]);
    expect(await platesOf()).toEqual({
      zz: null,
      'vv:zz': 'VV 2',
      by: 'BY 3',
    });
  });
});
