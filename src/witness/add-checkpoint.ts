import { base64Hash, equalBytes, toHex } from '../verifier/bytes.js';
import { type Checkpoint, parseCheckpoint } from '../verifier/checkpoint.js';
import { cosign, splitNote, type CosignatureSigner } from '../verifier/cosignature.js';
import { verifyConsistency } from '../verifier/merkle.js';
import { openNote, type VerifierKey } from '../verifier/signed-note.js';
import type { LogState, WitnessState } from './witness-state.js';

/** What the witness answers: a status the tlog-witness spec names, and a body. */
export interface WitnessAnswer {
  readonly status: 200 | 400 | 403 | 404 | 409 | 422;
  readonly contentType: string;
  readonly body: string;
}

const TEXT = 'text/plain; charset=utf-8';
const refuse = (status: WitnessAnswer['status'], reason: string): WitnessAnswer => ({
  status,
  contentType: TEXT,
  body: `${reason}\n`,
});

/** The spec allows no more than 63 proof lines: enough for any tree of up to 2^63 leaves. */
const MAX_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  readonly note: string;
  readonly text: string;
  readonly checkpoint: Checkpoint;
}

class BadRequest extends Error {}

const SIZE = /^(0|[1-9][0-9]*)$/;

/** `old N`, proof lines, a blank line, then the signed checkpoint; anything else is a 400. */
export function parseAddCheckpoint(body: Uint8Array): AddCheckpointRequest {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new BadRequest('the body is not UTF-8');
  }
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new BadRequest('no blank line between the proof and the checkpoint');
  const [oldLine = '', ...proofLines] = text.slice(0, blank).split('\n');
  const old = /^old (\S+)$/.exec(oldLine)?.[1];
  if (old === undefined || !SIZE.test(old) || !Number.isSafeInteger(Number(old)))
    throw new BadRequest('the first line is `old <size>`, in decimal');
  if (proofLines.length > MAX_PROOF_LINES)
    throw new BadRequest(`more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof = proofLines.map((line) => {
    const hash = base64Hash(line);
    if (!hash) throw new BadRequest('a consistency proof line is not a 32-byte hash in base64');
    return hash;
  });
  const note = text.slice(blank + 2);
  let checkpoint: Checkpoint;
  let noteText: string;
  try {
    noteText = splitNote(note).text;
    checkpoint = parseCheckpoint(noteText);
  } catch (error) {
    throw new BadRequest(`not a signed checkpoint: ${(error as Error).message}`);
  }
  if (!Number.isSafeInteger(checkpoint.size)) throw new BadRequest('the tree size is too large');
  return { oldSize: Number(old), proof, note, text: noteText, checkpoint };
}

export interface WitnessOptions {
  readonly signer: CosignatureSigner;
  /** The logs the witness cosigns, by origin: the keys it trusts for each. */
  readonly logs: ReadonlyMap<string, readonly VerifierKey[]>;
  readonly state: WitnessState;
  /** POSIX seconds; the wall clock unless a test sets one. */
  readonly now?: () => bigint;
}

/**
 * The tlog-witness `add-checkpoint` rules: a known origin (404), a valid log signature (403), an old
 * size no larger than the new one (400) and equal to the size the witness last cosigned (409 with
 * that size), the same root at the same size (409), a consistency proof that verifies from the
 * stored tree (422). Only then is the checkpoint stored and cosigned; nothing else changes state.
 */
export class Witness {
  private readonly now: () => bigint;

  constructor(private readonly options: WitnessOptions) {
    this.now = options.now ?? (() => BigInt(Math.floor(Date.now() / 1000)));
  }

  async addCheckpoint(body: Uint8Array): Promise<WitnessAnswer> {
    let request: AddCheckpointRequest;
    try {
      request = parseAddCheckpoint(body);
    } catch (error) {
      if (error instanceof BadRequest) return refuse(400, error.message);
      throw error;
    }
    const { checkpoint, oldSize } = request;
    const keys = this.options.logs.get(checkpoint.origin);
    if (!keys) return refuse(404, `unknown log origin: ${checkpoint.origin}`);
    try {
      openNote(request.note, keys);
    } catch (error) {
      return refuse(403, `the log's signature does not verify: ${(error as Error).message}`);
    }
    if (oldSize > checkpoint.size)
      return refuse(
        400,
        `the old size ${oldSize} is larger than the checkpoint's ${checkpoint.size}`,
      );
    return this.options.state.update(checkpoint.origin, async (stored) => {
      const verdict = judge(request, stored);
      if (verdict) return { next: null, answer: verdict };
      const next: LogState = {
        origin: checkpoint.origin,
        size: checkpoint.size,
        rootHash: checkpoint.rootHash,
        note: request.note,
      };
      const line = await cosign(request.text, this.options.signer, this.now());
      // The state is written before the answer leaves (update stores `next` first).
      return { next, answer: { status: 200, contentType: TEXT, body: line } };
    });
  }
}

/** Why the stored state refuses the request, or null when it extends what the witness saw. */
function judge(request: AddCheckpointRequest, stored: LogState): WitnessAnswer | null {
  const { checkpoint, oldSize, proof } = request;
  if (oldSize !== stored.size)
    return { status: 409, contentType: 'text/x.tlog.size', body: `${stored.size}\n` };
  if (checkpoint.size === stored.size) {
    if (!equalBytes(checkpoint.rootHash, stored.rootHash))
      return refuse(
        409,
        `a different root at size ${stored.size}: ${toHex(checkpoint.rootHash)}, cosigned ${toHex(stored.rootHash)}`,
      );
    if (proof.length > 0) return refuse(422, 'a proof between equal sizes is empty');
    return null;
  }
  if (!verifyConsistency(stored.size, checkpoint.size, stored.rootHash, checkpoint.rootHash, proof))
    return refuse(
      422,
      `the consistency proof from size ${stored.size} to ${checkpoint.size} does not verify`,
    );
  return null;
}
