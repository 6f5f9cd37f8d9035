import type { MigrationInterface, QueryRunner } from 'typeorm';

import { legacyVehicleKeyScope, vehicleKeyScope } from '../../../privacy/data-key.js';

interface KeyRow {
  scope: string;
  customer_id: string;
}

/** The names of the keys an event's sealed fields were sealed with. */
function sealedKeyNames(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value !== 'object' || value === null) return into;
  const field = value as { $enc?: unknown; key?: unknown };
  if (field.$enc === 'aes-256-gcm' && typeof field.key === 'string') into.add(field.key);
  else for (const inner of Object.values(value)) sealedKeyNames(inner, into);
  return into;
}

/** Each old vehicle key name, with the links (vehicle, customer) whose events were sealed under it. */
async function linksByOldName(
  queryRunner: QueryRunner,
): Promise<Map<string, Map<string, { vehicleId: string; customerId: string }>>> {
  const rows = (await queryRunner.query(
    `SELECT canonical FROM ledger.events WHERE stream_id LIKE 'vehicle-%' AND type = 'VehicleLinked'`,
  )) as { canonical: string }[];
  const links = new Map<string, Map<string, { vehicleId: string; customerId: string }>>();
  for (const { canonical } of rows) {
    const { data } = JSON.parse(canonical) as { data: { vehicleId: string; customerId: string } };
    const link = { vehicleId: data.vehicleId, customerId: data.customerId };
    const oldName = legacyVehicleKeyScope(link.vehicleId, link.customerId);
    if (!sealedKeyNames(data).has(oldName)) continue;
    const users = links.get(oldName) ?? new Map<string, typeof link>();
    users.set(vehicleKeyScope(link.vehicleId, link.customerId), link);
    links.set(oldName, users);
  }
  return links;
}

/**
 * Re-keys data keys to length-prefixed scope names. Vehicle scopes were `vehicle:{vehicleId}:{customer}`
 * with `:` allowed in both ids, so two links could share one name and one key. The key bytes do not
 * change; each key keeps the context it was wrapped under (`wrapped_under`), so it still unwraps:
 * - every key: its old wrapping context is recorded; a delivery scope keeps its name;
 * - a vehicle key goes to the link its own customer column names (the name minus `:{customer}`);
 * - any other link whose VehicleLinked events were sealed under the same name (a collision) gets its
 *   own row, under its own customer, holding the same wrapped bytes (or the same tombstone), so each
 *   subject's erasure destroys only their own row. The shared bytes stay readable through the other
 *   subject's row until that subject's key is destroyed too: events already sealed cannot be re-sealed.
 */
export class LengthPrefixedKeyScopes1764820000000 implements MigrationInterface {
  name = 'LengthPrefixedKeyScopes1764820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE privacy.data_keys ADD COLUMN wrapped_under text`);
    await queryRunner.query(
      `UPDATE privacy.data_keys SET wrapped_under = 'keytrail:data-key:' || scope || ':' || customer_id`,
    );
    const links = await linksByOldName(queryRunner);
    const keys = (await queryRunner.query(
      `SELECT scope, customer_id FROM privacy.data_keys WHERE scope LIKE 'vehicle:%'`,
    )) as KeyRow[];
    for (const key of keys) {
      const users = new Map(links.get(key.scope));
      const suffix = `:${key.customer_id}`;
      if (key.scope.endsWith(suffix)) {
        const vehicleId = key.scope.slice('vehicle:'.length, -suffix.length);
        users.set(vehicleKeyScope(vehicleId, key.customer_id), {
          vehicleId,
          customerId: key.customer_id,
        });
      }
      for (const [scope, link] of users) {
        await queryRunner.query(
          `INSERT INTO privacy.data_keys
             (scope, customer_id, kek_id, wrapped, created_at, destroyed_at, destroyed_for, wrapped_under)
           SELECT $2, $3, kek_id, wrapped, created_at, destroyed_at, destroyed_for, wrapped_under
             FROM privacy.data_keys WHERE scope = $1
           ON CONFLICT (scope) DO NOTHING`,
          [key.scope, scope, link.customerId],
        );
      }
      // A row no link can be told from is kept under its old name (never a new one's): nothing is lost.
      if (users.size > 0)
        await queryRunner.query(`DELETE FROM privacy.data_keys WHERE scope = $1`, [key.scope]);
    }
  }

  down(): Promise<void> {
    // Old names were ambiguous: two rows made here from one cannot become two rows under one name.
    return Promise.reject(
      new Error('Length-prefixed key scopes cannot be undone: restore the database from backup'),
    );
  }
}
