import { expect } from '@jest/globals';
import type { DataSource } from 'typeorm';

import { poolOf } from '../../src/adapters/postgres/ledger-data-source.js';
import { PostgresEventStore } from '../../src/adapters/postgres/postgres-event-store.js';
import { verifyLedger } from '../../src/integrity/verify-ledger.js';
import { signedCheckpoints, storedLeaves } from '../../src/integrity/verification-sources.js';
import type { AcknowledgedEvent } from '../support/delivery-load.js';

/**
 * What a ledger must show after any load or fault: every acknowledged event stored exactly as it was
 * answered (position and hash), each stream's revisions unbroken from 0 (nothing half-stored), and
 * verify-ledger passing over every hash chain, the Merkle tree and each signed checkpoint.
 */
export async function expectLedgerHolds(
  ds: DataSource,
  acknowledged: Iterable<AcknowledgedEvent>,
  base: string,
): Promise<{ events: number; checked: number; leaves: number; checkpoints: number }> {
  const client = poolOf(ds);
  const rows = (
    await client.query<{ event_id: string; position: string; hash: Buffer }>(
      'SELECT event_id, position, hash FROM ledger.events',
    )
  ).rows;
  const stored = new Map(rows.map((r) => [r.event_id, r]));
  let checked = 0;
  for (const event of acknowledged) {
    const row = stored.get(event.eventId);
    expect(row && { position: Number(row.position), hash: row.hash.toString('hex') }).toEqual({
      position: event.globalPosition,
      hash: event.hash,
    });
    checked += 1;
  }
  const gaps = await client.query<{ stream_id: string }>(
    `SELECT stream_id FROM ledger.events GROUP BY stream_id HAVING max(revision) + 1 <> count(*)`,
  );
  expect(gaps.rows).toEqual([]);
  const { verifierKeys } = (await (await fetch(`${base}/v1/checkpoints/keys`)).json()) as {
    verifierKeys: string[];
  };
  const verification = await verifyLedger(new PostgresEventStore(client), {
    tree: storedLeaves(ds),
    checkpoints: await signedCheckpoints(ds, verifierKeys),
  });
  expect(verification.firstDivergence).toBeNull();
  expect(verification.checkpointsVerified).toBeGreaterThan(0);
  expect(verification.events).toBe(rows.length);
  return {
    events: rows.length,
    checked,
    leaves: verification.leavesCompared,
    checkpoints: verification.checkpointsVerified,
  };
}
