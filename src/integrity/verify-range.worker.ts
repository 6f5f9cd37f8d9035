import { parentPort, workerData } from 'node:worker_threads';

import { copyCanonicalLog } from '../adapters/postgres/copy-canonical-log.js';
import { createLedgerPool } from '../adapters/postgres/ledger-pool.js';
import { checkLedgerRange } from './ledger-range.js';
import { storedLeavesIn } from './stored-leaves.js';
import type { VerifyRangeMessage, VerifyRangeTask } from './verify-ledger-in-ranges.js';

/** How many events between two progress messages. */
const PROGRESS_EVERY = 25_000;

/** One range of verify-ledger in a worker thread: the range's COPY on one connection, its leaves on another. */
const task = workerData as VerifyRangeTask;
const pool = createLedgerPool(task.databaseUrl, 2);
const query = async <Row>(sql: string, parameters?: readonly unknown[]) =>
  (await pool.query(sql, parameters as unknown[])).rows as Row[];
const tell = (message: VerifyRangeMessage) => parentPort!.postMessage(message);
try {
  let told = 0;
  const report = await checkLedgerRange(
    copyCanonicalLog(pool, task.fromPosition, task.toPosition),
    {
      ...task,
      leaves: task.compareLeaves ? storedLeavesIn(query, task.treeTable) : null,
      onProgress: (events) => {
        if (events - told < PROGRESS_EVERY) return;
        told = events;
        tell({ progress: events });
      },
    },
  );
  tell({ report });
} finally {
  await pool.end();
}
