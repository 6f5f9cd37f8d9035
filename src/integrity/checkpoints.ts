import type { DataSource } from 'typeorm';

import { hashRanges } from './tree-nodes.js';
import { toHex } from '../verifier/bytes.js';
import { checkpointText } from '../verifier/checkpoint.js';
import { keyIdOf, signNote } from '../verifier/signed-note.js';
import type { LogSigner } from './log-signer.js';

export const TREE_NODES = 'read.merkle_nodes';

export interface StoredCheckpoint {
  readonly treeSize: number;
  readonly rootHash: Buffer;
  /** The signed note, exactly as published. */
  readonly note: string;
  readonly keyId: string;
  readonly issuedAt: string;
}

export interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  note: string;
  key_id: string;
  issued_at: Date;
}

export const checkpointFromRow = (row: CheckpointRow): StoredCheckpoint => ({
  treeSize: Number(row.tree_size),
  rootHash: row.root_hash,
  note: row.note,
  keyId: row.key_id,
  issuedAt: row.issued_at.toISOString(),
});

export const CHECKPOINT_COLUMNS = 'tree_size, root_hash, note, key_id, issued_at';

/** When a new checkpoint is due: after `everyMs` with new leaves, or once `everyLeaves` new ones. */
export interface CheckpointPolicy {
  readonly everyMs: number;
  readonly everyLeaves: number;
}

/** Signed checkpoints of the tree (C2SP tlog-checkpoint as a signed note, Ed25519). */
export class Checkpoints {
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: LogSigner,
  ) {}

  get origin(): string {
    return this.log.origin;
  }

  get verifierKeys(): readonly string[] {
    return this.log.verifierKeys;
  }

  async treeSize(): Promise<number> {
    const [row] = await this.dataSource.query<{ size: string }[]>(
      `SELECT size FROM read.merkle_state`,
    );
    return Number(row?.size ?? 0);
  }

  async latest(): Promise<StoredCheckpoint | null> {
    const [row] = await this.dataSource.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM integrity.checkpoints ORDER BY tree_size DESC LIMIT 1`,
    );
    return row ? checkpointFromRow(row) : null;
  }

  async bySize(size: number): Promise<StoredCheckpoint | null> {
    const [row] = await this.dataSource.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM integrity.checkpoints WHERE tree_size = $1`,
      [size],
    );
    return row ? checkpointFromRow(row) : null;
  }

  /** Signs a checkpoint of the tree at `size` (it must have grown that far); a repeat changes nothing. */
  async issue(size: number): Promise<StoredCheckpoint> {
    const [rootHash] = await hashRanges(
      (sql, parameters) => this.dataSource.query(sql, parameters as unknown[]),
      TREE_NODES,
      [{ start: 0, end: size }],
    );
    const note = await signNote(
      checkpointText({ origin: this.log.origin, size, rootHash: rootHash!, extensions: [] }),
      [this.log.signer],
    );
    await this.dataSource.query(
      `INSERT INTO integrity.checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tree_size) DO NOTHING`,
      [
        size,
        rootHash,
        note,
        toHex(keyIdOf(this.log.origin, this.log.signer.publicKey)),
        new Date(),
      ],
    );
    return (await this.bySize(size))!;
  }

  /** Issues a checkpoint of the current tree when the policy says one is due; answers it, or null. */
  async issueIfDue(policy: CheckpointPolicy): Promise<StoredCheckpoint | null> {
    const [size, latest] = await Promise.all([this.treeSize(), this.latest()]);
    const covered = latest?.treeSize ?? 0;
    if (size <= covered) return null;
    // Operational timing, not ledger time: the wall clock, even when the ledger's clock is set.
    const waited = latest ? Date.now() - Date.parse(latest.issuedAt) : Infinity;
    if (waited < policy.everyMs && size - covered < policy.everyLeaves) return null;
    return this.issue(size);
  }
}
