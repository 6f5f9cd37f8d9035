import type { DataSource } from 'typeorm';

/** A witness's cosignature of a signed checkpoint, as stored once it verified with the witness's key. */
export interface StoredCosignature {
  readonly treeSize: number;
  /** The witness's name (its vkey's). */
  readonly witness: string;
  /** The note signature line, with its final newline: append it to the checkpoint's note. */
  readonly line: string;
  /** When the witness cosigned, POSIX seconds (the time inside the cosignature). */
  readonly timestamp: number;
}

interface CosignatureRow {
  tree_size: string;
  witness: string;
  line: string;
  timestamp: string;
}

const fromRow = (row: CosignatureRow): StoredCosignature => ({
  treeSize: Number(row.tree_size),
  witness: row.witness,
  line: row.line,
  timestamp: Number(row.timestamp),
});

/** The checkpoint's note with the cosignature lines appended (the signed-note form witnesses use). */
export const cosignedNote = (note: string, cosignatures: readonly StoredCosignature[]): string =>
  note + cosignatures.map((c) => c.line).join('');

/** integrity.checkpoint_cosignatures: what the witnesses cosigned, and where each of them stands. */
export class Cosignatures {
  constructor(private readonly dataSource: DataSource) {}

  async save(cosignature: StoredCosignature): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO integrity.checkpoint_cosignatures (tree_size, witness, line, timestamp)
       VALUES ($1, $2, $3, $4) ON CONFLICT (tree_size, witness) DO NOTHING`,
      [cosignature.treeSize, cosignature.witness, cosignature.line, cosignature.timestamp],
    );
  }

  /** The cosignatures of the checkpoint of `treeSize`, by witness name. */
  async of(treeSize: number): Promise<StoredCosignature[]> {
    const rows = await this.dataSource.query<CosignatureRow[]>(
      `SELECT tree_size, witness, line, timestamp FROM integrity.checkpoint_cosignatures
       WHERE tree_size = $1 ORDER BY witness`,
      [treeSize],
    );
    return rows.map(fromRow);
  }

  /** The largest tree size each witness cosigned (a witness that cosigned nothing is absent). */
  async cosignedSizes(): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ witness: string; size: string }[]>(
      `SELECT witness, max(tree_size) AS size FROM integrity.checkpoint_cosignatures GROUP BY witness`,
    );
    return new Map(rows.map((row) => [row.witness, Number(row.size)]));
  }

  /**
   * The largest checkpoint of at least `minSize` leaves cosigned by `quorum` of `witnesses`, or null.
   */
  async largestCosigned(
    minSize: number,
    witnesses: readonly string[],
    quorum: number,
  ): Promise<number | null> {
    const [row] = await this.dataSource.query<{ tree_size: string }[]>(
      `SELECT tree_size FROM integrity.checkpoint_cosignatures
       WHERE tree_size >= $1 AND witness = ANY($2::text[])
       GROUP BY tree_size HAVING count(*) >= $3 ORDER BY tree_size DESC LIMIT 1`,
      [minSize, witnesses, quorum],
    );
    return row ? Number(row.tree_size) : null;
  }
}

/** How far behind the latest checkpoint each witness's last cosignature is (in leaves). */
export interface WitnessLag {
  readonly witness: string;
  readonly cosignedSize: number;
  readonly lag: number;
}

export async function witnessLags(
  latestSize: number,
  cosignatures: Cosignatures,
  witnesses: readonly string[],
): Promise<WitnessLag[]> {
  const sizes = await cosignatures.cosignedSizes();
  return witnesses.map((witness) => {
    const cosignedSize = sizes.get(witness) ?? 0;
    return { witness, cosignedSize, lag: Math.max(0, latestSize - cosignedSize) };
  });
}
