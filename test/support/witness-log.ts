import { logSigner } from '../../src/integrity/log-signer.js';
import { toBase64, utf8 } from '../../src/verifier/bytes.js';
import { checkpointText } from '../../src/verifier/checkpoint.js';
import { consistencyRanges, rfc6962, rootOf } from '../../src/verifier/merkle.js';
import { signNote, type NoteSigner } from '../../src/verifier/signed-note.js';

/**
 * A small log for witness tests: leaves hashed as RFC 6962 says, checkpoints signed by a log key
 * made as keytrail makes its own (src/integrity/log-signer.ts), proofs from the verifier's Merkle code.
 */
export const ORIGIN = 'keytrail.test/ledger';

export const seed = (byte: number) => new Uint8Array(32).fill(byte);

export const LOG = logSigner(ORIGIN, seed(7));

/** The log's leaves; `forkAt` gives a log that agrees up to that index and differs after. */
export const leaves = (count: number, forkAt = Infinity) =>
  Array.from({ length: count }, (_, i) =>
    rfc6962.leaf(utf8(i < forkAt ? `event ${i}` : `forged event ${i}`)),
  );

export const HONEST = leaves(1024);

export const checkpointNote = (
  size: number,
  tree: readonly Uint8Array[] = HONEST,
  signer: NoteSigner = LOG.signer,
  origin = ORIGIN,
) =>
  signNote(
    checkpointText({ origin, size, rootHash: rootOf(tree.slice(0, size)), extensions: [] }),
    [signer],
  );

/** The RFC 9162 consistency proof from size m to size n, as base64 lines. */
export const proofLines = (m: number, n: number, tree: readonly Uint8Array[] = HONEST) =>
  consistencyRanges(m, n).map((range) => toBase64(rootOf(tree.slice(range.start, range.end))));

/** An add-checkpoint body: `old N`, the proof lines, a blank line, the checkpoint. */
export const addCheckpointBody = (oldSize: number, proof: readonly string[], note: string) =>
  `old ${oldSize}\n${proof.map((line) => `${line}\n`).join('')}\n${note}`;

export interface WitnessReply {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

export async function addCheckpoint(
  base: string,
  body: string | Uint8Array,
): Promise<WitnessReply> {
  const res = await fetch(`${base}/add-checkpoint`, { method: 'POST', body });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: await res.text(),
  };
}

/** Grows the witness's view of the honest log from `from` to `to`; answers the reply. */
export async function grow(base: string, from: number, to: number): Promise<WitnessReply> {
  return addCheckpoint(
    base,
    addCheckpointBody(from, proofLines(from, to), await checkpointNote(to)),
  );
}
