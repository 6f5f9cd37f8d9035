import type {
  DeliveryCommand,
  ReportVehicleStatus,
} from '../../../../domain/delivery/delivery.commands.js';
import type { CommandRequest } from '../../../../http/command-request.js';
import type { CommandInput } from '../../../streams/command-pipeline.js';
import { payloadKey } from '../../payload-key.js';

/** A status read of the car, as the pipeline takes it: the payload's digest is its key. */
export const reportVehicleStatus = (
  deliveryId: string,
  status: ReportVehicleStatus['data'],
  request: CommandRequest,
): CommandInput<DeliveryCommand> => ({
  id: deliveryId,
  request,
  source: `oem:${status.vendor}`,
  vendor: status.vendor,
  occurredAt: status.statusTimestamp,
  naturalKey: payloadKey(status.vendor, 'status', status.raw),
  command: { type: 'ReportVehicleStatus', data: status },
});
