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
