import { parseCheckpoint } from '../verifier/checkpoint.js';
import { openNote, type VerifierKey } from '../verifier/signed-note.js';
import type { SignedCheckpoint } from './ledger-checks.js';

/**
 * What is wrong with a signed checkpoint, or null: its note must verify with the log's keys and say
 * what is stored beside it, and the ledger's first `treeSize` events must give its root.
 */
export function checkpointProblem(
  checkpoint: SignedCheckpoint,
  keys: readonly VerifierKey[],
  recomputedRoot: () => Buffer,
): string | null {
  try {
    const parsed = parseCheckpoint(openNote(checkpoint.note, keys).text);
    if (
      parsed.size !== checkpoint.treeSize ||
      !Buffer.from(parsed.rootHash).equals(checkpoint.rootHash)
    )
      return `its signed text says size ${parsed.size}, not what is stored beside it`;
  } catch (error) {
    return `its signature does not verify with the log's keys: ${error instanceof Error ? error.message : String(error)}`;
  }
  const recomputed = recomputedRoot();
  if (!recomputed.equals(checkpoint.rootHash))
    return `the ledger's first ${checkpoint.treeSize} events give root ${recomputed.toString('hex')}, not the signed ${checkpoint.rootHash.toString('hex')}`;
  return null;
}
