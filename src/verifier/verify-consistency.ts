import { toHex } from './bytes.js';
import { parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { fromBase64 } from './bytes.js';
import { verifyConsistency } from './merkle.js';
import { openNote, parseVerifierKey } from './signed-note.js';

/** GET /v1/checkpoints/consistency as the log answers it. */
export interface ConsistencyResponse {
  readonly from: number;
  readonly to: number;
  /** Base64 hashes, the RFC 9162 consistency proof. */
  readonly proof: readonly string[];
  readonly fromCheckpoint: { readonly note: string } | null;
  readonly toCheckpoint: { readonly note: string } | null;
}

export interface ConsistencyReport {
  readonly ok: boolean;
  readonly checked: readonly string[];
  readonly failures: readonly string[];
}

/**
 * Whether the log's newer signed checkpoint extends its older one: both signed by the trusted key, and
 * the consistency proof leads from the older root to the newer. A log that rewrote or dropped anything
 * already checkpointed cannot produce one.
 */
export function verifyConsistencyResponse(
  response: ConsistencyResponse,
  verifierKey: string,
): ConsistencyReport {
  const checked: string[] = [];
  const failures: string[] = [];
  const done = (): ConsistencyReport => ({
    ok: failures.length === 0,
    checked: failures.length === 0 ? checked : [],
    failures,
  });
  let key: ReturnType<typeof parseVerifierKey>;
  try {
    key = parseVerifierKey(verifierKey);
  } catch (error) {
    failures.push(`the verifier key does not parse: ${message(error)}`);
    return done();
  }
  const open = (label: string, note: unknown): Checkpoint | null => {
    if (typeof note !== 'string') {
      failures.push(`the ${label} checkpoint is missing`);
      return null;
    }
    try {
      const checkpoint = parseCheckpoint(openNote(note, [key]).text);
      if (checkpoint.origin !== key.name)
        throw new Error(`its origin ${checkpoint.origin} is not the key's name ${key.name}`);
      return checkpoint;
    } catch (error) {
      failures.push(`the ${label} checkpoint does not verify: ${message(error)}`);
      return null;
    }
  };
  const older = open('older', response?.fromCheckpoint?.note);
  const newer = open('newer', response?.toCheckpoint?.note);
  if (!older || !newer) return done();
  checked.push(`both checkpoints signed by ${key.name} (sizes ${older.size} and ${newer.size})`);
  let proof: Uint8Array[];
  try {
    const hashes: unknown = response.proof;
    if (!Array.isArray(hashes) || !hashes.every((hash): hash is string => typeof hash === 'string'))
      throw new Error('not a list of strings');
    proof = hashes.map((hash) => fromBase64(hash));
  } catch (error) {
    failures.push(`the proof is not a list of base64 hashes: ${message(error)}`);
    return done();
  }
  if (!verifyConsistency(older.size, newer.size, older.rootHash, newer.rootHash, proof)) {
    failures.push(
      `the tree of ${newer.size} (root ${toHex(newer.rootHash)}) does not extend the tree of ${older.size} (root ${toHex(older.rootHash)})`,
    );
    return done();
  }
  checked.push(
    `the tree of ${newer.size} extends the tree of ${older.size}: nothing checkpointed was changed or removed`,
  );
  return done();
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
