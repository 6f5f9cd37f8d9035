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

/** Locks the projection's checkpoint for this transaction: one writer per projection, whatever runs it. */
export async function lockCheckpoint(manager: EntityManager, name: string): Promise<number> {
  const rows: { position: string }[] = await manager.query(
    `SELECT position FROM ${CHECKPOINTS} WHERE projection = $1 FOR UPDATE`,
    [name],
  );
  if (rows.length === 0) throw new Error(`No checkpoint for projection ${name}`);
  return Number(rows[0]!.position);
}

export async function saveCheckpoint(
  manager: EntityManager,
  name: string,
  position: number,
): Promise<void> {
  await manager.query(
    `UPDATE ${CHECKPOINTS} SET position = $2, updated_at = now() WHERE projection = $1`,
    [name, position],
  );
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
