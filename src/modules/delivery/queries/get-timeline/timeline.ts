import type { Actor } from '../../../../domain/shared/actor.js';

export interface TimelineEntry {
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
}

export interface Timeline {
  readonly deliveryId: string;
  readonly phase: string;
  readonly released: boolean;
  /** The position the timeline was computed up to, when asked as of a point in the past. */
  readonly asOf: { readonly position?: number; readonly recordedAt?: string } | null;
  /** Whether personal fields were replaced for this reader's role. */
  readonly personalDataRedacted: boolean;
  readonly entries: readonly TimelineEntry[];
}
