import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import { fromBase64, toBase64 } from '../verifier/bytes.js';
import { EMPTY_ROOT } from '../verifier/merkle.js';

/** What the witness keeps per log: the latest checkpoint it verified and cosigned. */
export interface LogState {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The log-signed note, as received: evidence of what the log committed to. */
  readonly note: string | null;
}

interface StateFile {
  origin: string;
  size: number;
  rootHash: string;
  note: string | null;
}

/** A log the witness never cosigned is at size 0, the empty tree. */
const initial = (origin: string): LogState => ({
  origin,
  size: 0,
  rootHash: EMPTY_ROOT,
  note: null,
});

const fileName = (origin: string) =>
  `log-${createHash('sha256').update(origin).digest('hex').slice(0, 32)}.json`;

/**
 * One file per origin in the state directory, replaced atomically (temp file, fsync, rename, fsync
 * of the directory): after a crash a log's state is the old one or the new one, never half of each.
 * Updates of one origin run one at a time, so checking the stored size and storing the new
 * checkpoint is one step.
 */
export class WitnessState {
  private readonly queues = new Map<string, Promise<unknown>>();

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<WitnessState> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await lockDirectory(dir);
    // A temp file is a write a crash interrupted before its rename: the old state stands.
    for (const name of await readdir(dir))
      if (name.endsWith('.tmp')) await rm(path.join(dir, name), { force: true });
    return new WitnessState(dir);
  }

  /** Lets another witness process use the directory. */
  async close(): Promise<void> {
    await Promise.allSettled(this.queues.values());
    await rm(path.join(this.dir, LOCK), { force: true });
  }

  async read(origin: string): Promise<LogState> {
    let text: string;
    try {
      text = await readFile(path.join(this.dir, fileName(origin)), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return initial(origin);
      throw error;
    }
    const stored = JSON.parse(text) as StateFile;
    if (stored.origin !== origin || !Number.isSafeInteger(stored.size))
      throw new Error(`the witness state for ${origin} is not this log's`);
    return { ...stored, rootHash: fromBase64(stored.rootHash) };
  }

  /**
   * Runs `step` on the origin's current state, after any update of the same origin in progress, and
   * stores what it answers as `next` before answering. `next: null` stores nothing.
   */
  async update<T>(
    origin: string,
    step: (current: LogState) => Promise<{ next: LogState | null; answer: T }>,
  ): Promise<T> {
    const previous = this.queues.get(origin) ?? Promise.resolve();
    const run = previous.then(async () => {
      const { next, answer } = await step(await this.read(origin));
      if (next) await this.write(next);
      return answer;
    });
    const settled = run.catch(() => undefined);
    this.queues.set(origin, settled);
    void settled.then(() => {
      if (this.queues.get(origin) === settled) this.queues.delete(origin);
    });
    return run;
  }

  private async write(state: LogState): Promise<void> {
    const target = path.join(this.dir, fileName(state.origin));
    const temp = `${target}.${process.pid}.tmp`;
    const content: StateFile = {
      origin: state.origin,
      size: state.size,
      rootHash: toBase64(state.rootHash),
      note: state.note,
    };
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(`${JSON.stringify(content)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

const LOCK = 'witness.lock';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Two witness processes on one state directory would each check sizes the other is changing: the
 * second refuses to start while the first lives. A lock left by a killed process is taken over.
 */
async function lockDirectory(dir: string): Promise<void> {
  const lock = path.join(dir, LOCK);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const file = await open(lock, 'wx', 0o600);
      try {
        await file.writeFile(`${process.pid}\n`);
      } finally {
        await file.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
      throw new Error(`the witness state ${dir} is in use by process ${holder}`);
    await rm(lock, { force: true });
  }
  throw new Error(`cannot lock the witness state ${dir}`);
}
