import { sha256 } from '@noble/hashes/sha2.js';

import { buildTimeline } from '../story/delivery-timeline/timeline-entry.js';
import { toLedgerEvent } from '../story/delivery-story/ledger-events.js';
import {
  canonicalJson,
  parseCanonicalEvent,
  recordedFromCanonical,
} from '../event-store/canonical-event.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { concat, fromBase64, fromHex, toHex, utf8 } from './bytes.js';
import { parseCheckpoint } from './checkpoint.js';
import { rfc6962, verifyInclusion } from './merkle.js';
import type { BundleEvent, ProofBundle } from './proof-bundle.js';
import { openNote, parseVerifierKey } from './signed-note.js';

export interface VerificationFailure {
  /** Which check: `checkpoint`, `canonical`, `chain`, `inclusion`, `timeline`, `bundle`. */
  readonly check: string;
  /** The event it is about, when it is about one. */
  readonly globalPosition?: number;
  readonly eventId?: string;
  readonly message: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly deliveryId: string;
  /** What was checked, in plain words, when it passed. */
  readonly checked: readonly string[];
  readonly failures: readonly VerificationFailure[];
  readonly checkpoint: {
    readonly origin: string;
    readonly size: number;
    readonly rootHash: string;
  } | null;
}

const GENESIS = new Uint8Array(32);

const safeHex = (hex: string): Uint8Array => {
  try {
    return fromHex(hex);
  } catch {
    return new Uint8Array(32);
  }
};

/** A bundle read from a file is whatever the file holds: checked before anything trusts its shape. */
const looksLikeBundle = (bundle: unknown): boolean => {
  const candidate = bundle as Partial<ProofBundle> | null;
  return (
    candidate?.format === 'keytrail-proof/1' &&
    typeof candidate.checkpoint === 'string' &&
    Array.isArray(candidate.events) &&
    Array.isArray(candidate.timeline)
  );
};
const isSealed = (value: unknown) => typeof value === 'object' && value !== null && '$enc' in value;
const isStandIn = (value: unknown) =>
  typeof value === 'object' && value !== null && '$personal' in value;

/** Where the view's data says something other than the event, outside what the lens may replace. */
function dataMismatch(view: unknown, stored: unknown, path = ''): string | null {
  if (isSealed(stored) || isStandIn(view)) return null;
  if (typeof stored !== 'object' || stored === null || typeof view !== 'object' || view === null)
    return canonicalJson(view ?? null) === canonicalJson(stored ?? null) ? null : path || '(data)';
  if (Array.isArray(stored) !== Array.isArray(view)) return path || '(data)';
  const keys = new Set([...Object.keys(stored), ...Object.keys(view)]);
  for (const key of keys) {
    const found = dataMismatch(
      (view as Record<string, unknown>)[key],
      (stored as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
    );
    if (found) return found;
  }
  return null;
}

const recordedFrom = ({ canonical, globalPosition, streamRevision, hash }: BundleEvent) =>
  recordedFromCanonical(canonical, { globalPosition, streamRevision, hash });

/**
 * Checks a delivery's proof bundle with nothing but the log's verifier key: the checkpoint's
 * signature, each event's canonical bytes, the stream's hash chain, each event's inclusion in the
 * signed tree, and that the timeline says what its events say. Names exactly what failed.
 */
export function verifyBundle(bundle: ProofBundle, verifierKey: string): VerificationReport {
  const failures: VerificationFailure[] = [];
  const checked: string[] = [];
  const fail = (
    check: string,
    message: string,
    event?: { globalPosition: number; eventId?: string },
  ) =>
    failures.push({
      check,
      message,
      ...(event ? { globalPosition: event.globalPosition } : {}),
      ...(event?.eventId ? { eventId: event.eventId } : {}),
    });
  const report = (checkpoint: VerificationReport['checkpoint']): VerificationReport => ({
    ok: failures.length === 0,
    deliveryId: bundle.deliveryId,
    checked: failures.length === 0 ? checked : [],
    failures,
    checkpoint,
  });

  if (!looksLikeBundle(bundle)) {
    fail('bundle', 'not a keytrail proof bundle (format keytrail-proof/1)');
    return report(null);
  }

  // 1. The checkpoint, signed by the key the verifier trusts.
  let size = 0;
  let root: Uint8Array;
  let summary: VerificationReport['checkpoint'];
  try {
    const key = parseVerifierKey(verifierKey);
    const opened = openNote(bundle.checkpoint, [key]);
    const checkpoint = parseCheckpoint(opened.text);
    if (checkpoint.origin !== key.name)
      throw new Error(
        `the checkpoint's origin ${checkpoint.origin} is not the key's name ${key.name}`,
      );
    size = checkpoint.size;
    root = checkpoint.rootHash;
    summary = { origin: checkpoint.origin, size, rootHash: toHex(root) };
    checked.push(
      `checkpoint of ${checkpoint.origin} at tree size ${size} signed by ${key.name}+${toHex(key.keyId)}`,
    );
  } catch (error) {
    fail('checkpoint', error instanceof Error ? error.message : String(error));
    return report(null);
  }

  // 2. Each event: canonical bytes, its place in the stream's hash chain, its inclusion in the tree.
  const streamId = `delivery-${bundle.deliveryId}`;
  let previous: Uint8Array = GENESIS;
  const recorded: RecordedEvent[] = [];
  bundle.events.forEach((event, revision) => {
    let record;
    try {
      record = parseCanonicalEvent(event.canonical);
      if (canonicalJson(record) !== event.canonical)
        throw new Error('its bytes are not in canonical form (RFC 8785)');
    } catch (error) {
      fail(
        'canonical',
        `event at position ${event.globalPosition}: ${error instanceof Error ? error.message : String(error)}`,
        event,
      );
      return;
    }
    const at = { globalPosition: event.globalPosition, eventId: record.eventId };
    if (record.streamId !== streamId || event.streamRevision !== revision)
      fail('chain', `event ${record.eventId} is not revision ${revision} of ${streamId}`, at);
    const hash = sha256(concat(previous, utf8(event.canonical)));
    if (toHex(hash) !== event.hash)
      fail(
        'chain',
        `event ${record.eventId} (position ${event.globalPosition}): its bytes and the previous hash give ${toHex(hash)}, not ${event.hash}`,
        at,
      );
    // Carry on from the stored hash: a changed event is named alone, not every event after it.
    previous = toHex(hash) === event.hash ? hash : safeHex(event.hash);
    let proof: Uint8Array[];
    try {
      proof = event.inclusionProof.map(fromBase64);
    } catch {
      fail('inclusion', `event ${record.eventId}: the inclusion proof is not base64`, at);
      return;
    }
    if (!verifyInclusion(event.leafIndex, size, rfc6962.leaf(utf8(event.canonical)), proof, root))
      fail(
        'inclusion',
        `event ${record.eventId} (position ${event.globalPosition}) is not leaf ${event.leafIndex} of the signed tree of ${size}`,
        at,
      );
    recorded.push(recordedFrom(event));
  });
  if (failures.length === 0) {
    checked.push(
      `${bundle.events.length} events: canonical bytes, the ${streamId} hash chain from its first event, inclusion in the signed tree`,
    );
  }

  // 3. The timeline says what the events say.
  if (failures.length === 0) {
    const events = recorded.map(toLedgerEvent);
    const { entries } = buildTimeline(events);
    if (entries.length !== bundle.timeline.length)
      fail(
        'timeline',
        `the timeline has ${bundle.timeline.length} entries for ${entries.length} events`,
      );
    entries.forEach((expected, i) => {
      const shown = bundle.timeline[i];
      if (!shown) return;
      const at = { globalPosition: expected.globalPosition, eventId: expected.eventId };
      for (const field of [
        'globalPosition',
        'streamRevision',
        'eventId',
        'type',
        'occurredAt',
        'recordedAt',
        'hash',
        'line',
      ] as const) {
        if (shown[field] !== expected[field])
          fail(
            'timeline',
            `entry ${i} (${expected.type}): ${field} says ${JSON.stringify(shown[field])}, its event says ${JSON.stringify(expected[field])}`,
            at,
          );
      }
      if (canonicalJson(shown.stateAfter ?? null) !== canonicalJson(expected.stateAfter))
        fail(
          'timeline',
          `entry ${i} (${expected.type}): the state after it is not what its events give`,
          at,
        );
      if (JSON.stringify(shown.anomalies) !== JSON.stringify(expected.anomalies))
        fail(
          'timeline',
          `entry ${i} (${expected.type}): anomalies ${JSON.stringify(shown.anomalies)}, its events give ${JSON.stringify(expected.anomalies)}`,
          at,
        );
      const event = events.find((e) => e.metadata.eventId === expected.eventId)!;
      const mismatch = dataMismatch(shown.data, event.data);
      if (mismatch)
        fail(
          'timeline',
          `entry ${i} (${expected.type}): data field ${mismatch} is not what the event holds`,
          at,
        );
    });
    if (failures.length === 0)
      checked.push(
        `the timeline: ${entries.length} entries, each line, state and anomaly recomputed from the events`,
      );
  }
  return report(summary);
}
