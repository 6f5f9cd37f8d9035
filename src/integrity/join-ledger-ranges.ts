import { parseVerifierKey } from '../verifier/signed-note.js';
import { checkpointProblem } from './checkpoint-problem.js';
import { CompactRange } from './compact-range.js';
import {
  beyondProblem,
  divergenceAt,
  type EventPlace,
  hashProblem,
  type LedgerDivergence,
  type LedgerVerification,
  revisionProblem,
  sha256,
  type SignedCheckpoint,
  type SignedCheckpoints,
} from './ledger-checks.js';
import { type LedgerRangeReport, unpackNodes } from './ledger-range.js';

/**
 * The signed checkpoints a walk of the ledger reaches, in the order it checks them: by tree size, and
 * none at all behind one of size 0 (the walk waits for it forever, and names it at the end).
 */
export function checkpointsInOrder(checkpoints: SignedCheckpoints | undefined): {
  readonly sorted: readonly SignedCheckpoint[];
  readonly reachable: readonly SignedCheckpoint[];
} {
  const sorted = [...(checkpoints?.list ?? [])].sort((a, b) => a.treeSize - b.treeSize);
  return { sorted, reachable: (sorted[0]?.treeSize ?? 0) >= 1 ? sorted : [] };
}

/** A failing event of a range, placed in the walk's order: by position, then chain before leaf. */
interface EventFailure {
  readonly position: number;
  readonly stage: 'chain' | 'leaf';
  readonly divergence: LedgerDivergence;
}

/**
 * Joins the reports of consecutive ranges (ledger-range.ts) into what one walk of the whole ledger
 * answers — the same counts and the same first divergence: each stream's first event in a range is
 * linked to the stream's tip in the ranges before, the ranges' compact ranges merge into the root at
 * each checkpoint, and the first failure in walk order wins. Null when only a sequential walk can
 * answer it the same way: the positions are not dense (an event is missing, so leaf indexes are not
 * positions), or a leaf differs after the stored tree had already run out in an earlier range.
 */
export function joinLedgerRanges(
  reports: readonly LedgerRangeReport[],
  checkpoints: SignedCheckpoints | undefined,
): LedgerVerification | null {
  const keys = (checkpoints?.verifierKeys ?? []).map(parseVerifierKey);
  const { sorted, reachable } = checkpointsInOrder(checkpoints);
  const tips = new Map<string, { revision: number; hash: Uint8Array }>();
  const leaves = new CompactRange();
  let events = 0;
  let verified = 0;
  let treeEnd: number | null = null;

  for (const report of reports) {
    if (!report.dense) return null;
    if (report.failure?.stage === 'leaf' && treeEnd !== null) return null;
    const first = report.firstOfStream;
    const placeOf = (k: number): EventPlace => ({
      globalPosition: first.positions[k]!,
      streamId: first.streamIds[k]!,
      streamRevision: first.revisions[k]!,
      eventId: first.eventIds[k]!,
    });

    // The links back to the ranges before: each stream's first event here follows its tip there.
    let failure: EventFailure | null = null;
    for (let k = 0; k < first.positions.length && !failure; k += 1) {
      const place = placeOf(k);
      const tip = tips.get(place.streamId);
      const tipRevision = tip?.revision ?? -1;
      if (place.streamRevision !== tipRevision + 1) {
        const problem = revisionProblem(place.streamRevision, tipRevision);
        failure = {
          position: place.globalPosition,
          stage: 'chain',
          divergence: divergenceAt(place, problem),
        };
      } else if (tip) {
        const bytes = first.bytes.subarray(k > 0 ? first.bytesEnd[k - 1]! : 0, first.bytesEnd[k]);
        const expected = sha256(Buffer.concat([tip.hash, bytes]));
        const stored = first.hashes.subarray(k * 32, k * 32 + 32);
        if (!expected.equals(stored)) {
          const problem = hashProblem(stored, expected);
          failure = {
            position: place.globalPosition,
            stage: 'chain',
            divergence: divergenceAt(place, problem),
          };
        }
      }
    }
    // The range's own first failure, unless a link at or before it failed (a link is checked first).
    const own = report.failure;
    if (own && (!failure || own.divergence.globalPosition! < failure.position)) {
      failure = { position: own.divergence.globalPosition!, ...own };
    }

    const treeEndSoFar = treeEnd ?? report.treeEnd ?? Number.POSITIVE_INFINITY;
    /** Streams seen up to the event at `position` (itself included or not), as the walk counts them. */
    const streamsUpTo = (position: number, inclusive: boolean) => {
      let count = tips.size;
      for (let k = 0; k < first.positions.length; k += 1) {
        const at = first.positions[k]!;
        if (at > position || (at === position && !inclusive)) break;
        if (!tips.has(first.streamIds[k]!)) count += 1;
      }
      return count;
    };

    // The checkpoints this range reaches before its first failure, checked in order.
    for (const at of report.atCheckpoints) {
      if (failure && at.treeSize > failure.position) break;
      while (reachable[verified]?.treeSize === at.treeSize) {
        const checkpoint = reachable[verified]!;
        const problem = checkpointProblem(checkpoint, keys, () => {
          const range = new CompactRange(leaves.snapshot);
          for (const node of unpackNodes(at.nodes)) range.append(node);
          return range.root();
        });
        if (problem) {
          return {
            events: at.treeSize,
            streams: streamsUpTo(at.lastEvent.globalPosition, true),
            leavesCompared: Math.min(at.treeSize, treeEndSoFar),
            checkpointsVerified: verified,
            firstDivergence: {
              ...divergenceAt(at.lastEvent, problem),
              checkpoint: checkpoint.treeSize,
            },
          };
        }
        verified += 1;
      }
    }
    if (failure) {
      // Dense positions: the failing event's leaf index is its position.
      return {
        events: failure.position,
        streams: streamsUpTo(failure.position, failure.stage === 'leaf'),
        leavesCompared: Math.min(failure.position, treeEndSoFar),
        checkpointsVerified: verified,
        firstDivergence: failure.divergence,
      };
    }

    report.tips.streamIds.forEach((streamId, k) =>
      tips.set(streamId, {
        revision: report.tips.revisions[k]!,
        hash: report.tips.hashes.subarray(k * 32, k * 32 + 32),
      }),
    );
    for (const node of unpackNodes(report.compactRange)) leaves.append(node);
    events += report.events;
    treeEnd ??= report.treeEnd;
  }

  // Checkpoints of more events than the ledger holds: the ledger lost events.
  const beyond = sorted[verified];
  return {
    events,
    streams: tips.size,
    leavesCompared: Math.min(events, treeEnd ?? Number.POSITIVE_INFINITY),
    checkpointsVerified: verified,
    firstDivergence: beyond
      ? { checkpoint: beyond.treeSize, problem: beyondProblem(beyond.treeSize, events) }
      : null,
  };
}
