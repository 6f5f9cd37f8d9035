import type { Actor } from '../../domain/shared/actor.js';
import type { AnomalyCode } from '../anomalies/anomaly.js';
import { nextStep, type StoryStep } from '../anomalies/detect-anomalies.js';
import {
  type DeliveryStory,
  initialStory,
  type StepState,
  stepState,
} from '../delivery-story/delivery-story.js';
import { eventTime, type LedgerEvent } from '../delivery-story/ledger-event.js';
import { inPlacedOrder, placedAt } from '../delivery-story/placement.js';
import { timelineLine } from './timeline-line.js';

/** One step of a delivery's proof timeline. */
export interface TimelineEntry {
  readonly deliveryId: string;
  readonly globalPosition: number;
  readonly streamRevision: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly source: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly hash: string;
  readonly data: unknown;
  /** What happened, in plain words, without personal data. */
  readonly line: string;
  /** The delivery's state once this event happened. */
  readonly stateAfter: StepState;
  /** Anomalies this event raised. */
  readonly anomalies: readonly AnomalyCode[];
  /** When it happened, by the ledger's clock: where the timeline places it (placement.ts). */
  readonly at: string;
  /** Recorded after an entry placed later than it: it arrived out of order. */
  readonly late: boolean;
}

export const deliveryIdOf = (event: LedgerEvent): string =>
  event.metadata.streamId.slice('delivery-'.length);

/** What the timeline derives for an event: computed here, or stored by the projection. */
export type DerivedEntry = Pick<TimelineEntry, 'line' | 'stateAfter' | 'anomalies' | 'at'>;

/** An event as a timeline entry: its envelope and data, with what the timeline derived for it. */
export function entryFrom(
  event: {
    readonly type: string;
    readonly data: unknown;
    readonly metadata: LedgerEvent['metadata'];
  },
  derived: DerivedEntry,
): Omit<TimelineEntry, 'late'> {
  const m = event.metadata;
  return {
    deliveryId: m.streamId.slice('delivery-'.length),
    globalPosition: m.globalPosition,
    streamRevision: m.streamRevision,
    eventId: m.eventId,
    type: event.type,
    schemaVersion: m.schemaVersion,
    occurredAt: m.occurredAt,
    recordedAt: m.recordedAt,
    actor: m.actor,
    source: m.source,
    correlationId: m.correlationId,
    causationId: m.causationId,
    hash: m.hash,
    data: event.data,
    ...derived,
  };
}

export const derivedEntry = (step: StoryStep, event: LedgerEvent): DerivedEntry => ({
  line: timelineLine(step.before, event, step.after),
  stateAfter: stepState(step.after, eventTime(event)),
  anomalies: step.findings.map((f) => f.code),
  at: placedAt(event, step.before),
});

/**
 * A whole timeline from a delivery's events (told in ledger order), its entries placed by when each
 * fact happened: what `asOf` shows, and what the projection stores.
 */
export function buildTimeline(events: readonly LedgerEvent[]): {
  entries: TimelineEntry[];
  story: DeliveryStory;
} {
  let story = initialStory();
  const entries = events.map((event) => {
    const step = nextStep(story, event);
    story = step.after;
    return entryFrom(event, derivedEntry(step, event));
  });
  return { entries: inPlacedOrder(entries), story };
}
