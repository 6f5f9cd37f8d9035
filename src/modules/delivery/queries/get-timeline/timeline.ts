import type { RecordedEvent } from '../../../../event-store/event-store.port.js';
import type { DeliveryLinks } from './delivery-links.js';
import type { TimelineEntry } from '../../../../story/delivery-timeline/timeline-entry.js';
import type { Lens } from '../../../privacy/views/lens.js';
import type { VehicleView } from '../../../privacy/views/vehicle-view.js';

/** A timeline entry as answered: its delivery is the timeline's. */
export type TimelineEntryView = Omit<TimelineEntry, 'deliveryId'>;

export interface Timeline {
  readonly deliveryId: string;
  readonly phase: string;
  readonly released: boolean;
  /** The point in the ledger this timeline shows, when asked for one in the past. */
  readonly asOf: { readonly position?: number; readonly recordedAt?: string } | null;
  readonly computedFrom: 'read-model' | 'ledger';
  /** The lens personal data is shown through (PRODUCT.md, Views). */
  readonly view: Lens['kind'];
  /** The case precise data was revealed under (recorded in the customer's access log). */
  readonly caseId: string | null;
  /** Whether personal fields were replaced by geohashes, tokens and digests. */
  readonly personalDataRedacted: boolean;
  /** The delivery's car as its customer linked it (plate shown as the lens allows). */
  readonly vehicle: VehicleView | null;
  /** The earlier attempt this delivery re-delivers, and the re-deliveries of this one. */
  readonly links: DeliveryLinks;
  readonly entries: readonly TimelineEntryView[];
}

/** The events each timeline was told from, kept beside it (never copied into what is answered). */
const toldFrom = new WeakMap<Timeline, readonly RecordedEvent[]>();

/** `timeline` was told from `events`, the delivery's stream as read for it, in stream order. */
export function rememberTimelineEvents(
  timeline: Timeline,
  events: readonly RecordedEvent[],
): Timeline {
  toldFrom.set(timeline, events);
  return timeline;
}

/** The events a timeline was told from, as read (their canonical text kept): no second read. */
export const eventsOfTimeline = (timeline: Timeline): readonly RecordedEvent[] | undefined =>
  toldFrom.get(timeline);
