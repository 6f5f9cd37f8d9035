import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  at,
  command,
  deliveryScheduled,
  REFERENCE_AREA,
} from '../../../../../test/support/delivery-fixtures.js';
import type {
  DeclareVehicleLocation,
  ScheduleDelivery,
} from '../../../../domain/delivery/delivery.commands.js';
import { deliveryDecider } from '../../delivery.stream.js';
import {
  DeliveryAlreadyScheduled,
  DeliveryNotFound,
  DeliveryWindowInvalid,
} from '../../../../domain/delivery/delivery.errors.js';

const given = deciderSpecification(deliveryDecider);
const schedule = (overrides: Partial<ScheduleDelivery['data']> = {}, now = at('09:00:00')) =>
  command<ScheduleDelivery>('ScheduleDelivery', { ...deliveryScheduled().data, ...overrides }, now);

describe('scheduling a delivery', () => {
  it('schedules a delivery', () => {
    given([]).when(schedule()).then([deliveryScheduled()]);
  });

  it('schedules a delivery with the customer’s reference area, as sent', () => {
    given([])
      .when(schedule({ referenceArea: REFERENCE_AREA }))
      .then([deliveryScheduled({ referenceArea: REFERENCE_AREA })]);
  });

  it('refuses to schedule the same delivery twice', () => {
    given([deliveryScheduled()]).when(schedule()).thenThrows(DeliveryAlreadyScheduled);
  });

  it('refuses a window that ends before it starts, or is already over', () => {
    given([])
      .when(schedule({ window: { from: at('17:00:00'), to: at('13:00:00') } }))
      .thenThrows(DeliveryWindowInvalid, 'DELIVERY.INVALID_WINDOW');
    given([])
      .when(schedule({}, at('18:00:00')))
      .thenThrows(DeliveryWindowInvalid);
  });

  it('answers not found for any other command on an unscheduled delivery', () => {
    given([])
      .when(
        command<DeclareVehicleLocation>('DeclareVehicleLocation', {
          description: 'P-garage level 2',
          position: { lat: 59.3, lon: 18.0 },
        }),
      )
      .thenThrows(DeliveryNotFound, 'DELIVERY.NOT_FOUND');
  });
});
