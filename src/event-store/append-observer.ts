/** How an append ended, as the store saw it. */
export type AppendOutcomeKind =
  'appended' | 'duplicate' | 'conflict' | 'key_reused' | 'unavailable' | 'failed';

/** Who watches the store's writes (the metrics): told of every append and every batch. */
export interface AppendObserver {
  /** One append settled, `seconds` after it was asked for (queueing in the batcher included). */
  appendSettled(outcome: AppendOutcomeKind, seconds: number): void;
  /** One batch of appends written as one transaction. */
  batchWritten(appends: number, events: number, seconds: number): void;
}
