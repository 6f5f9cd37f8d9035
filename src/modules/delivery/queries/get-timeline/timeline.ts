import type { TimelineEntry } from '../../../../../projections/delivery-timeline/timeline-entry.js';

/** A timeline entry as answered: its delivery is the timeline's. */
export type TimelineEntryView = Omit<TimelineEntry, 'deliveryId'>;

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
