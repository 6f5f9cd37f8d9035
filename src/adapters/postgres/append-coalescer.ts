export interface CoalescerOptions {
  readonly maxAppendsPerBatch: number;
  readonly maxEventsPerBatch: number;
  /** Batches written at once; they queue on the ledger head in the database anyway. */
  readonly maxConcurrentBatches: number;
}

interface Pending<Request, Outcome> {
  readonly request: Request;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for appends: whatever arrives while a batch is being written goes out together in the
 * next one, as one statement and one transaction. Each append keeps its own outcome; if a batch fails
 * on one bad append, the batch is written again one append at a time, so that only that one fails.
 */
export class AppendCoalescer<Request, Outcome> {
  private readonly queue: Pending<Request, Outcome>[] = [];
  private batchesInFlight = 0;

  constructor(
    private readonly writeBatch: (batch: readonly Request[]) => Promise<readonly Outcome[]>,
    private readonly eventCount: (request: Request) => number,
    private readonly isBatchSpecific: (error: unknown) => boolean,
    private readonly options: CoalescerOptions,
  ) {}

  submit(request: Request): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.batchesInFlight < this.options.maxConcurrentBatches && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.batchesInFlight += 1;
      void this.write(batch).finally(() => {
        this.batchesInFlight -= 1;
        this.drain();
      });
    }
  }

  private takeBatch(): Pending<Request, Outcome>[] {
    let events = 0;
    let size = 0;
    while (size < this.queue.length && size < this.options.maxAppendsPerBatch) {
      const next = this.eventCount(this.queue[size]!.request);
      if (size > 0 && events + next > this.options.maxEventsPerBatch) break;
      events += next;
      size += 1;
    }
    return this.queue.splice(0, size);
  }

  private async write(batch: Pending<Request, Outcome>[]): Promise<void> {
    try {
      const outcomes = await this.writeBatch(batch.map((p) => p.request));
      batch.forEach((pending, i) => pending.resolve(outcomes[i]!));
    } catch (error) {
      if (batch.length === 1 || !this.isBatchSpecific(error)) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      for (const pending of batch) {
        try {
          const [outcome] = await this.writeBatch([pending.request]);
          pending.resolve(outcome!);
        } catch (single) {
          pending.reject(single);
        }
      }
    }
  }
}
