/** A stream as the last command in this process left it: its folded state, opened fields included. */
export interface KnownStream<State> {
  /** The kind of stream it was folded by (a stream id names one kind; kept to never mix two). */
  readonly kind: object;
  /** The revision of its last event (-1: no event). */
  readonly revision: number;
  readonly state: State;
  /** The idempotency keys its appends carried: a retry's key is looked up only when it is here. */
  readonly idempotencyKeys: ReadonlySet<string>;
  /** When its personal fields were opened (ms): it is not used past the data keys' cache time. */
  readonly openedAt: number;
}

export interface StreamStatesOptions {
  /** How long opened fields may be kept: the data keys' cache time (0 keeps nothing). */
  readonly ttlMs: number;
  /** How many streams are kept, the least recently used dropped first. */
  readonly maxStreams: number;
}

/**
 * The streams this process's commands folded last, kept between their commands so the next command
 * on a delivery neither reads, parses, opens nor folds its history again. Never trusted on its own:
 * the append that follows is checked against the revision kept, and an outcome that stores nothing
 * is checked against the stream (the command pipeline does both). Opened personal fields live no
 * longer than the data keys' cache, and are dropped at once when this process destroys a key.
 */
export class StreamStates {
  private readonly streams = new Map<string, KnownStream<unknown>>();
  /**
   * Commands being handled per stream, and how many appends they made: a stream another command is
   * deciding on is read afresh, and a conflict with a command of this process is the caller's.
   */
  private readonly busy = new Map<string, { inFlight: number; appends: number }>();
  /** Moves on with every forgetAll: what was opened before it is not kept after it. */
  private generationNow = 0;

  constructor(
    private readonly options: StreamStatesOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The kept stream, unless another command on it is in flight here, or its time is up. */
  take<State>(streamId: string, kind: object): KnownStream<State> | null {
    if ((this.busy.get(streamId)?.inFlight ?? 0) > 1) return null;
    const known = this.streams.get(streamId);
    if (!known) return null;
    if (known.kind !== kind || this.now() - known.openedAt >= this.options.ttlMs) {
      this.streams.delete(streamId);
      return null;
    }
    // Most recently used last: the map's order is the eviction order.
    this.streams.delete(streamId);
    this.streams.set(streamId, known);
    return known as KnownStream<State>;
  }

  /** What `keep` is given with what it opened: fields opened before a key was destroyed are not kept. */
  get generation(): number {
    return this.generationNow;
  }

  keep<State>(
    streamId: string,
    known: Omit<KnownStream<State>, 'openedAt'>,
    opened: { readonly at: number; readonly generation: number },
  ): void {
    if (this.options.ttlMs <= 0 || this.options.maxStreams <= 0) return;
    if (opened.generation !== this.generationNow) return;
    // A command that finished later may have folded less of the stream than one before it.
    const kept = this.streams.get(streamId);
    if (kept && kept.kind === known.kind && kept.revision > known.revision) return;
    this.streams.delete(streamId);
    this.streams.set(streamId, { ...known, openedAt: opened.at });
    if (this.streams.size > this.options.maxStreams) {
      const oldest = this.streams.keys().next().value;
      if (oldest !== undefined) this.streams.delete(oldest);
    }
  }

  forget(streamId: string): void {
    this.streams.delete(streamId);
  }

  /** Crypto-shredding happened: no opened field outlives its key. */
  forgetAll(): void {
    this.generationNow += 1;
    this.streams.clear();
  }

  /** Marks a command on the stream as begun; the returned function marks it done. */
  begin(streamId: string): () => void {
    const busy = this.busy.get(streamId) ?? { inFlight: 0, appends: 0 };
    busy.inFlight += 1;
    this.busy.set(streamId, busy);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      busy.inFlight -= 1;
      if (busy.inFlight <= 0) this.busy.delete(streamId);
    };
  }

  /** A command of this process appended to the stream. */
  appended(streamId: string): void {
    const busy = this.busy.get(streamId);
    if (busy) busy.appends += 1;
  }

  /** How many appends commands of this process made to the stream while one was in flight on it. */
  appendsTo(streamId: string): number {
    return this.busy.get(streamId)?.appends ?? 0;
  }

  get size(): number {
    return this.streams.size;
  }

  /** The moment `keep` is told its fields were opened at. */
  openedNow(): { at: number; generation: number } {
    return { at: this.now(), generation: this.generationNow };
  }
}
