import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import { TREE_NODES } from './checkpoints.js';
import { checkpointsInOrder, joinLedgerRanges } from './join-ledger-ranges.js';
import type { LedgerVerification, SignedCheckpoints } from './ledger-checks.js';
import type { LedgerRangeReport } from './ledger-range.js';

export interface ParallelVerification {
  /** The PostgreSQL the event store and the tree are in: each worker connects to it. */
  readonly databaseUrl: string;
  /** Worker threads (default: os.availableParallelism()); 1 walks the log in the calling thread. */
  readonly workers?: number;
  /** Fewer workers when a range would hold fewer events than this (default 50,000). */
  readonly minEventsPerWorker?: number;
  /** The worker's module (default: the compiled verify-range.worker.js beside this module). */
  readonly workerModule?: URL;
}

/** What a worker is given: one range of positions, [fromPosition, toPosition). */
export interface VerifyRangeTask {
  readonly databaseUrl: string;
  readonly fromPosition: number;
  readonly toPosition: number | null;
  readonly compareLeaves: boolean;
  /** Where the stored tree's nodes are. */
  readonly treeTable: string;
  readonly leafPage: number;
  readonly checkpointSizes: readonly number[];
}

export type VerifyRangeMessage = { progress: number } | { report: LedgerRangeReport };

/**
 * verify-ledger over worker threads: the log cut into as many ranges of positions as workers, each
 * checked in its own thread from its own COPY, then joined (join-ledger-ranges.ts). Null when one walk
 * must answer: too few events for the workers asked, or a ledger whose ranges cannot be joined exactly.
 */
export async function verifyInRanges(
  head: number,
  parallel: ParallelVerification,
  context: {
    readonly compareLeaves: boolean;
    readonly checkpoints: SignedCheckpoints | undefined;
    readonly leafPage: number;
    readonly onProgress: ((position: number, head: number) => void) | undefined;
  },
): Promise<LedgerVerification | null> {
  const workers = Math.min(
    parallel.workers ?? availableParallelism(),
    Math.floor(head / (parallel.minEventsPerWorker ?? 50_000)),
  );
  if (workers < 2) return null;
  const sizes = [
    ...new Set(checkpointsInOrder(context.checkpoints).reachable.map((c) => c.treeSize)),
  ];
  const tasks: VerifyRangeTask[] = Array.from({ length: workers }, (_, k) => {
    const fromPosition = Math.floor((k * head) / workers);
    const toPosition = k === workers - 1 ? null : Math.floor(((k + 1) * head) / workers);
    return {
      databaseUrl: parallel.databaseUrl,
      fromPosition,
      toPosition,
      compareLeaves: context.compareLeaves,
      treeTable: TREE_NODES,
      leafPage: context.leafPage,
      checkpointSizes: sizes.filter(
        (size) => size > fromPosition && (toPosition === null || size <= toPosition),
      ),
    };
  });
  const module = parallel.workerModule ?? new URL('./verify-range.worker.js', import.meta.url);
  const checked = tasks.map(() => 0);
  const running = tasks.map((task) => new Worker(module, { workerData: task }));
  try {
    const reports = await Promise.all(
      running.map(
        (worker, k) =>
          new Promise<LedgerRangeReport>((resolve, reject) => {
            worker.on('message', (message: VerifyRangeMessage) => {
              if ('report' in message) {
                resolve(message.report);
                return;
              }
              checked[k] = message.progress;
              context.onProgress?.(
                checked.reduce((sum, n) => sum + n, 0),
                head,
              );
            });
            worker.once('error', reject);
            worker.once('exit', (code) =>
              reject(new Error(`a verify-ledger worker ended (code ${code}) before its report`)),
            );
          }),
      ),
    );
    context.onProgress?.(head, head);
    return joinLedgerRanges(reports, context.checkpoints);
  } finally {
    await Promise.all(running.map((worker) => worker.terminate()));
  }
}
