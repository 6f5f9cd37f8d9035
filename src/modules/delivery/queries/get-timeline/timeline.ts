import type { StepState } from '../../../../../projections/delivery-story/delivery-story.js';
import type { Actor } from '../../../../domain/shared/actor.js';

export interface TimelineEntryView {
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
  /** What happened, in plain words. */
  readonly line: string;
  /** Grant active? Vehicle locked? Courier released? Once this event happened. */
  readonly stateAfter: StepState;
  readonly anomalies: readonly string[];
  readonly data: unknown;
}

export interface Timeline {
  readonly deliveryId: string;
  readonly phase: string;
  readonly released: boolean;
  /** The point in the ledger this timeline shows, when asked for one in the past. */
  readonly asOf: { readonly position?: number; readonly recordedAt?: string } | null;
  readonly computedFrom: 'read-model' | 'ledger';
  /** Whether personal fields were replaced for this reader's role. */
  readonly personalDataRedacted: boolean;
  readonly entries: readonly TimelineEntryView[];
}
