import { Logger } from '@nestjs/common';

import { errorText, sleep } from '../shared/background-work.js';
import { equalBytes, toBase64 } from '../verifier/bytes.js';
import {
  parseWitnessKey,
  splitNote,
  verifyCosignature,
  type WitnessKey,
} from '../verifier/cosignature.js';
import type { StoredCosignature } from './cosignatures.js';

/** A witness the log sends its checkpoints to (KEYTRAIL_WITNESSES). */
export interface WitnessTarget {
  readonly name: string;
  readonly url: string;
  readonly verifierKey: string;
}

/** What the sender needs from the log: its latest checkpoint and consistency proofs. */
export interface WitnessedLog {
  latest(): Promise<{ readonly treeSize: number; readonly note: string } | null>;
  consistencyProof(from: number, to: number): Promise<readonly Uint8Array[]>;
}

/** Where verified cosignatures go, and where each witness stood when this process started. */
export interface CosignatureStore {
  save(cosignature: StoredCosignature): Promise<void>;
  cosignedSizes(): Promise<Map<string, number>>;
}

/** Why a witness did not cosign, as a metric label: a few fixed words, never the witness's text. */
export type WitnessFailure =
  'unreachable' | 'refused' | 'size_mismatch' | 'bad_answer' | 'ahead_of_log';

export interface WitnessObserver {
  cosigned(witness: string, treeSize: number): void;
  /** The witness had another size than the log remembered (409): sent again from its size. */
  resent(witness: string): void;
  failed(witness: string, reason: WitnessFailure): void;
}

class WitnessAnswerError extends Error {
  constructor(
    readonly reason: WitnessFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Witnesses answer one short line: anything longer than this is not an answer. */
const MAX_ANSWER_BYTES = 8 * 1024;

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

async function boundedText(response: Response): Promise<string> {
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new WitnessAnswerError('bad_answer', `an answer over ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The text a refusal gave, short and on one line, for a log line (never stored). */
const quoted = (body: string) => JSON.stringify(body.trim().slice(0, 200));

/**
 * Sends the log's newest checkpoint to one witness (C2SP tlog-witness `add-checkpoint`) with the
 * consistency proof from the size the witness last cosigned, and stores the cosignature it answers
 * once it verifies with the witness's key. A witness that is down, slow or refuses costs the log
 * nothing but its cosignature: issuing checkpoints never waits for one.
 */
export class WitnessSender {
  private readonly key: WitnessKey;
  /** The size the witness last cosigned, as far as the log knows (null: not read yet). */
  private cosignedSize: number | null = null;

  constructor(
    readonly witness: WitnessTarget,
    private readonly log: WitnessedLog,
    private readonly store: CosignatureStore,
    private readonly observer: WitnessObserver,
    private readonly options: { readonly timeoutMs: number; readonly fetch?: typeof fetch },
  ) {
    this.key = parseWitnessKey(witness.verifierKey);
  }

  /**
   * One round: nothing when the witness has cosigned the latest checkpoint, else one request (two
   * after a 409 naming the witness's size). Answers the size cosigned, or throws why not.
   */
  async step(signal?: AbortSignal): Promise<number | null> {
    this.cosignedSize ??= (await this.store.cosignedSizes()).get(this.witness.name) ?? 0;
    const latest = await this.log.latest();
    if (!latest || latest.treeSize <= this.cosignedSize) return null;
    try {
      let reply = await this.submit(this.cosignedSize, latest, signal);
      if (reply.status === 409 && reply.contentType.startsWith('text/x.tlog.size')) {
        const size = this.witnessSize(reply.body, latest.treeSize);
        this.observer.resent(this.witness.name);
        this.cosignedSize = size;
        reply = await this.submit(size, latest, signal);
      }
      if (reply.status !== 200) {
        throw new WitnessAnswerError(
          reply.status === 409 ? 'size_mismatch' : 'refused',
          `refused the checkpoint of ${latest.treeSize} from ${this.cosignedSize}: ${reply.status} ${quoted(reply.body)}`,
        );
      }
      const cosignature = this.verified(reply.body, latest);
      await this.store.save(cosignature);
      this.cosignedSize = latest.treeSize;
      this.observer.cosigned(this.witness.name, latest.treeSize);
      return latest.treeSize;
    } catch (error) {
      const reason = error instanceof WitnessAnswerError ? error.reason : 'unreachable';
      this.observer.failed(this.witness.name, reason);
      throw error;
    }
  }

  private async submit(
    from: number,
    latest: { treeSize: number; note: string },
    signal?: AbortSignal,
  ): Promise<Reply> {
    const proof = from === 0 ? [] : await this.log.consistencyProof(from, latest.treeSize);
    const body = `old ${from}\n${proof.map((hash) => `${toBase64(hash)}\n`).join('')}\n${latest.note}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const response = await (this.options.fetch ?? fetch)(`${this.witness.url}/add-checkpoint`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      redirect: 'error',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: await boundedText(response),
    };
  }

  /** The size a 409 names: a decimal line, never larger than the checkpoint the log just sent. */
  private witnessSize(body: string, latestSize: number): number {
    const text = /^(0|[1-9][0-9]{0,15})\n?$/.exec(body)?.[1];
    if (text === undefined)
      throw new WitnessAnswerError('bad_answer', `a 409 whose size is ${quoted(body)}`);
    const size = Number(text);
    if (size > latestSize)
      throw new WitnessAnswerError(
        'ahead_of_log',
        `says it cosigned a tree of ${size}, larger than the log's latest checkpoint (${latestSize}): another log under this origin and key?`,
      );
    return size;
  }

  /** The witness's cosignature line in its answer, once it verifies over the checkpoint's text. */
  private verified(body: string, latest: { treeSize: number; note: string }): StoredCosignature {
    const { text } = splitNote(latest.note);
    let lines;
    try {
      lines = splitNote(`${text}\n${body}`).signatures;
    } catch (error) {
      throw new WitnessAnswerError(
        'bad_answer',
        `answered 200 with no signature lines: ${errorText(error)}`,
      );
    }
    const own = lines.filter(
      (line) =>
        line.name === this.key.name && equalBytes(line.bytes.subarray(0, 4), this.key.keyId),
    );
    if (own.length === 0)
      throw new WitnessAnswerError('bad_answer', 'answered 200 with no cosignature by its key');
    const [line] = own;
    try {
      const timestamp = verifyCosignature(text, line!, this.key);
      return {
        treeSize: latest.treeSize,
        witness: this.witness.name,
        line: `\u2014 ${line!.name} ${toBase64(line!.bytes)}\n`,
        timestamp: Number(timestamp),
      };
    } catch (error) {
      throw new WitnessAnswerError('bad_answer', errorText(error));
    }
  }
}

/**
 * Keeps every witness up to date with the log, each in a loop of its own: a slow or absent witness
 * delays no other. After a failure a witness is tried again after 1 s, then 2, 4 … up to 30 s.
 */
export class Witnessing {
  private readonly logger = new Logger('witnesses');

  constructor(
    readonly senders: readonly WitnessSender[],
    private readonly pollMs = 200,
  ) {}

  run(signal: AbortSignal): Promise<void> {
    return Promise.all(this.senders.map((sender) => this.keep(sender, signal))).then(() => {});
  }

  private async keep(sender: WitnessSender, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        await sender.step(signal);
        if (failures > 0) this.logger.log(`witness ${sender.witness.name} cosigns again`);
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        if (failures === 0)
          this.logger.warn(`witness ${sender.witness.name} did not cosign: ${errorText(error)}`);
        failures += 1;
      }
      await sleep(
        failures === 0 ? this.pollMs : Math.min(30_000, 1000 * 2 ** (failures - 1)),
        signal,
      );
    }
  }
}
