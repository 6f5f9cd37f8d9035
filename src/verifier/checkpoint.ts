import { base64Hash, toBase64 } from './bytes.js';

/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the origin line, the tree size in decimal,
 * the root hash in base64, then optional extension lines; signed as a signed note.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions: readonly string[];
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export function checkpointText(checkpoint: Checkpoint): string {
  const lines = [
    checkpoint.origin,
    String(checkpoint.size),
    toBase64(checkpoint.rootHash),
    ...checkpoint.extensions,
  ];
  return `${lines.join('\n')}\n`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length < 3)
    throw new CheckpointError('a checkpoint has at least three lines and ends with a newline');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new CheckpointError('the checkpoint has no origin');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(size)) throw new CheckpointError(`not a tree size: ${size}`);
  const rootHash = base64Hash(root);
  if (!rootHash) throw new CheckpointError('the root hash is not 32 bytes in base64');
  if (extensions.some((line) => line.length === 0))
    throw new CheckpointError('an empty extension line');
  return { origin, size: Number(size), rootHash, extensions };
}
