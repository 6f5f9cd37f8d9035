import type {
  DeliveryCommand,
  ReportVehiclePosition,
} from '../../../../domain/delivery/delivery.commands.js';
import type { CommandRequest } from '../../../../http/command-request.js';
import type { CommandInput } from '../../../streams/command-pipeline.js';
import { payloadKey } from '../../payload-key.js';

/** A location read of the car, as the pipeline takes it: the payload's digest is its key. */
export const reportVehiclePosition = (
  deliveryId: string,
  report: ReportVehiclePosition['data'],
  request: CommandRequest,
): CommandInput<DeliveryCommand> => ({
  id: deliveryId,
  request,
  source: `oem:${report.vendor}`,
  vendor: report.vendor,
  occurredAt: report.positionAt,
  naturalKey: payloadKey(report.vendor, 'position', report.raw),
  command: { type: 'ReportVehiclePosition', data: report },
});
