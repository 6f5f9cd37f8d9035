import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  at,
  CAR_POSITION,
  command,
  deliveryScheduled,
  locationDeclared,
  MOVED_AWAY,
  positionReported,
} from '../../../../../test/support/delivery-fixtures.js';
import type { ReportVehiclePosition } from '../../../../domain/delivery/delivery.commands.js';
import type { VehiclePositionReported } from '../../../../domain/delivery/delivery.events.js';
import { deliveryDecider } from '../../../delivery/delivery.stream.js';

const given = deciderSpecification(deliveryDecider);

const report = (
  fixedAt: string,
  position = CAR_POSITION,
  now = at('14:00:00'),
  vendor: ReportVehiclePosition['data']['vendor'] = 'volvo',
) => {
  const { timeVerdict: _verdict, ...data } = positionReported(fixedAt, position).data;
  return command<ReportVehiclePosition>('ReportVehiclePosition', { ...data, vendor }, now);
};
const recorded = (
  request: ReportVehiclePosition,
  timeVerdict: VehiclePositionReported['data']['timeVerdict'] = null,
): VehiclePositionReported => ({
  type: 'VehiclePositionReported',
  data: { ...request.data, timeVerdict },
});

describe('a location read of the car', () => {
  it('records where the carmaker says the car is, verbatim', () => {
    const request = report('13:59:30', MOVED_AWAY);
    given([deliveryScheduled()])
      .when(request)
      .then([recorded(request)]);
  });

  it('records a position stamped ahead of the ledger’s clock as evidence only', () => {
    const request = report('14:05:00');
    given([deliveryScheduled()])
      .when(request)
      .then([recorded(request, 'timestamp_in_future')]);
  });

  it('records a position fixed before the one known as history (superseded)', () => {
    const request = report('13:40:00', MOVED_AWAY);
    given([deliveryScheduled(), positionReported('13:50:00')])
      .when(request)
      .then([recorded(request, 'superseded')]);
    given([deliveryScheduled(), locationDeclared('13:50:00')])
      .when(request)
      .then([recorded(request, 'superseded')]);
  });

  it('records a position after the delivery closed: it is a fact about the car', () => {
    const request = report('14:10:00', CAR_POSITION, at('14:10:05'));
    given([
      deliveryScheduled(),
      { type: 'DeliveryFailed', data: { reason: 'no access', fallback: 'returned' } },
    ])
      .when(request)
      .then([recorded(request)]);
  });

  it('refuses (records) a position from another carmaker than the car’s', () => {
    given([deliveryScheduled()])
      .when(report('13:59:30', CAR_POSITION, at('14:00:00'), 'tesla'))
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'ReportVehiclePosition',
            code: 'OEM.VENDOR_MISMATCH',
            message: "This delivery's car is a volvo, not a tesla",
          },
        },
      ]);
  });
});
