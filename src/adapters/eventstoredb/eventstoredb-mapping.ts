import {
  type AllStreamRecordedEvent,
  type AppendExpectedRevision,
  NO_STREAM,
  type Position,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
  START,
} from '@eventstore/db-client';

import { recordedFromCanonical } from '../../event-store/canonical-event.js';
import type { RecordedEvent } from '../../event-store/event-store.port.js';

/** What keytrail keeps in an EventStoreDB event's metadata, beside the canonical bytes in its data. */
export interface EsdbEventMetadata {
  /** Hex SHA-256 chain link, as in every store. */
  readonly hash: string;
  /** On an append's first event: its idempotency key's request fingerprint, and how many events it had. */
  readonly fingerprint?: string;
  readonly appendSize?: number;
}

/** keytrail's streams; everything else in `$all` (system events, other tenants) is passed over. */
const KEYTRAIL_STREAM = /^(delivery|vehicle|case|subject|data-access)-/;

export const isKeytrailEvent = (event: { streamId: string; type: string }): boolean =>
  !event.type.startsWith('$') && KEYTRAIL_STREAM.test(event.streamId);

/**
 * A global position is the `$all` commit position. keytrail writes no explicit transactions, so each
 * of its events has commit = prepare; an event written otherwise cannot be addressed by one number.
 */
export function portPosition(position: Position): number {
  if (position.commit !== position.prepare) {
    throw new Error(
      `$all position ${position.commit}/${position.prepare} comes from an explicit transaction, which keytrail does not read`,
    );
  }
  if (position.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`$all position ${position.commit} is beyond what keytrail addresses`);
  }
  return Number(position.commit);
}

/** Where `readAll` starts for the port's `fromPosition` (inclusive). */
export const readPosition = (fromPosition: number): ReadPosition =>
  fromPosition <= 0 ? START : { commit: BigInt(fromPosition), prepare: BigInt(fromPosition) };

/** The port's expected revision as the exact one the adapter appends at (the chain needs the head). */
export const appendRevision = (currentRevision: number): AppendExpectedRevision =>
  currentRevision < 0 ? NO_STREAM : BigInt(currentRevision);

/** The port's view of a stored EventStoreDB event: canonical bytes in, the same record out. */
export function recordedEventOf(event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  if (event.isJson || !(event.data instanceof Uint8Array)) {
    throw new Error(`Event ${event.id} in ${event.streamId} was not written by keytrail`);
  }
  const metadata = event.metadata as unknown as EsdbEventMetadata | undefined;
  if (!metadata || typeof metadata.hash !== 'string') {
    throw new Error(`Event ${event.id} in ${event.streamId} has no hash`);
  }
  if (!event.position) {
    throw new Error(
      'The server does not report $all positions on stream reads: keytrail needs EventStoreDB 22.10 or later',
    );
  }
  return recordedFromCanonical(Buffer.from(event.data).toString('utf8'), {
    globalPosition: portPosition(event.position),
    streamRevision: Number(event.revision),
    hash: metadata.hash,
  });
}
