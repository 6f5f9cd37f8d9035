import type { CustodyEntry } from '../../../../story/vehicle-custody/custody-entry.js';
import type { CustodyInterval } from '../../../../story/vehicle-custody/custody-intervals.js';
import type { Lens } from '../../../privacy/views/lens.js';
import type { VehicleView } from '../../../privacy/views/vehicle-view.js';

/** One car's custody across deliveries, as answered (docs/API.md). */
export interface VehicleCustody {
  readonly vehicleId: string;
  readonly from: string;
  readonly to: string;
  /** The lens personal data is shown through: the owner's own, or pseudonymised. */
  readonly view: Lens['kind'];
  /** The car as its customer linked it, the plate as the lens allows. */
  readonly vehicle: VehicleView | null;
  /** Every grant, unlock, opening and lock in the range, in the order they happened. */
  readonly entries: readonly Omit<CustodyEntry, 'vehicleId' | 'customerId'>[];
  /** More entries lie in the range than one answer holds: ask for a shorter one. */
  readonly truncated: boolean;
  /** The range cut where live access began or ended; no holders: a gap, the car was the owner's alone. */
  readonly intervals: readonly CustodyInterval[];
  readonly gaps: readonly { readonly from: string; readonly to: string }[];
  /** Where grants of more than one delivery were live at once (overlapping_grants). */
  readonly overlaps: readonly {
    readonly from: string;
    readonly to: string;
    readonly deliveryIds: readonly string[];
  }[];
}
