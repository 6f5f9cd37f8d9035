import type { EntityManager } from 'typeorm';

/** Where each projection is: the next global position it will apply. */
export const CHECKPOINTS = 'read.projection_checkpoints';

export async function ensureCheckpoint(manager: EntityManager, name: string): Promise<number> {
  await manager.query(
    `INSERT INTO ${CHECKPOINTS} (projection, position, updated_at) VALUES ($1, 0, now())
       ON CONFLICT (projection) DO NOTHING`,
    [name],
  );
  return readCheckpoint(manager, name);
}

export async function readCheckpoint(manager: EntityManager, name: string): Promise<number> {
  const rows: { position: string }[] = await manager.query(
    `SELECT position FROM ${CHECKPOINTS} WHERE projection = $1`,
    [name],
  );
  return Number(rows[0]?.position ?? 0);
}

/**
 * Locks the projections' checkpoints for this transaction — one writer per projection, whatever runs
 * it — and answers where each stands. Locked in name order, so two processes never wait on each other.
 */
export async function lockCheckpoints(
  manager: EntityManager,
  names: readonly string[],
): Promise<Map<string, number>> {
  const positions = await lockRows(manager, names, 'FOR UPDATE');
  const missing = names.find((name) => !positions.has(name));
  if (missing !== undefined) throw new Error(`No checkpoint for projection ${missing}`);
  return positions;
}

/**
 * Locks those of the checkpoints that no other transaction holds, without waiting for the others,
 * and answers where each one it locked stands.
 */
export function lockFreeCheckpoints(
  manager: EntityManager,
  names: readonly string[],
): Promise<Map<string, number>> {
  return lockRows(manager, names, 'FOR UPDATE SKIP LOCKED');
}

async function lockRows(
  manager: EntityManager,
  names: readonly string[],
  lock: 'FOR UPDATE' | 'FOR UPDATE SKIP LOCKED',
): Promise<Map<string, number>> {
  const rows: { projection: string; position: string }[] = await manager.query(
    `SELECT projection, position FROM ${CHECKPOINTS} WHERE projection = ANY($1)
       ORDER BY projection ${lock}`,
    [names],
  );
  return new Map(rows.map((row) => [row.projection, Number(row.position)]));
}

export async function saveCheckpoints(
  manager: EntityManager,
  names: readonly string[],
  position: number,
): Promise<void> {
  await manager.query(
    `UPDATE ${CHECKPOINTS} SET position = $2, updated_at = now() WHERE projection = ANY($1)`,
    [names, position],
  );
}

/** Locks one projection's checkpoint for this transaction and answers where it stands. */
export async function lockCheckpoint(manager: EntityManager, name: string): Promise<number> {
  return (await lockCheckpoints(manager, [name])).get(name)!;
}

export async function saveCheckpoint(
  manager: EntityManager,
  name: string,
  position: number,
): Promise<void> {
  await saveCheckpoints(manager, [name], position);
}

/** Marks a caught-up checkpoint as current, if it still stands where this runner saw it. */
export async function touchCheckpoint(
  manager: EntityManager,
  name: string,
  position: number,
): Promise<void> {
  await manager.query(
    `UPDATE ${CHECKPOINTS} SET updated_at = now() WHERE projection = $1 AND position = $2`,
    [name, position],
  );
}
