import { Inject, Injectable } from '@nestjs/common';

import { deliveryStreamId } from '../../../domain/delivery/delivery.events.js';
import {
  type DriveSide,
  type VehicleLinked,
  vehicleStreamId,
} from '../../../domain/vehicle/vehicle.events.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';

/**
 * The drive side of a delivery's car, as its link says (left where it does not, or where the car is
 * not linked): Tesla names doors and windows by driver and passenger, not by left and right.
 */
@Injectable()
export class DeliveryDriveSide {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async of(deliveryId: string): Promise<DriveSide> {
    const [scheduled] = await this.store.readStream(deliveryStreamId(deliveryId), { maxCount: 1 });
    if (scheduled?.type !== 'DeliveryScheduled') return 'left';
    const { vehicleId } = scheduled.data as { vehicleId: string };
    const links = await this.store.readStream(vehicleStreamId(vehicleId));
    const link = links.findLast((event) => event.type === 'VehicleLinked');
    return (link?.data as VehicleLinked['data'] | undefined)?.driveSide ?? 'left';
  }
}
