import type {
  DeliveryCommand,
  ReportVehiclePosition,
  ReportVehicleStatus,
} from '../../domain/delivery/delivery.commands.js';
import type { Instant } from '../../domain/shared/instant.js';
import type { CommandRequest } from '../../http/command-request.js';
import type { CommandInput } from '../streams/command-pipeline.js';
import { payloadKey } from './payload-key.js';

/** A read of the car a carmaker reports: its status, or its position. */
type CarmakerReport = ReportVehicleStatus | ReportVehiclePosition;

/**
 * A read of the car as the pipeline takes it: from the carmaker's source, at the car's own time, the
 * payload's digest its key (a carmaker's retry carries the same payload).
 */
export const carmakerReport = (
  deliveryId: string,
  report: Omit<CarmakerReport, 'metadata'>,
  occurredAt: Instant,
  request: CommandRequest,
): CommandInput<DeliveryCommand> => ({
  id: deliveryId,
  request,
  source: `oem:${report.data.vendor}`,
  vendor: report.data.vendor,
  occurredAt,
  naturalKey: payloadKey(
    report.data.vendor,
    report.type === 'ReportVehicleStatus' ? 'status' : 'position',
    report.data.raw,
  ),
  command: report,
});
