import type {
  DeliveryCommand,
  RecordVendorCommandResult,
} from '../../../../domain/delivery/delivery.commands.js';
import type { CommandRequest } from '../../../../http/command-request.js';
import type { CommandInput } from '../../../streams/command-pipeline.js';
import { payloadKey } from '../../payload-key.js';

/** What a carmaker's payload says beyond its verbatim status; most say nothing more. */
export interface VendorResultDetails {
  readonly vendorCommand?: 'unlock' | 'lock';
  readonly vendorCommandName?: string;
  readonly vendorRequestTime?: string | null;
  readonly vehicleCompletionTime?: string | null;
  /** When it happened by the carmaker's clock, if the payload says. */
  readonly occurredAt?: string;
}

/** A carmaker's answer to a command, as the pipeline takes it: the payload's digest is its key. */
export function recordVendorResult(
  params: { deliveryId: string; commandId: string },
  vendor: RecordVendorCommandResult['data']['vendor'],
  vendorStatus: string,
  raw: unknown,
  request: CommandRequest,
  details: VendorResultDetails = {},
): CommandInput<DeliveryCommand> {
  return {
    id: params.deliveryId,
    request,
    source: `oem:${vendor}`,
    vendor,
    occurredAt: details.occurredAt,
    naturalKey: payloadKey(vendor, `commands/${params.commandId}`, raw),
    command: {
      type: 'RecordVendorCommandResult',
      data: {
        commandId: params.commandId,
        vendor,
        vendorStatus,
        vendorCommand: details.vendorCommand ?? null,
        vendorCommandName: details.vendorCommandName ?? null,
        vendorRequestTime: details.vendorRequestTime ?? null,
        vehicleCompletionTime: details.vehicleCompletionTime ?? null,
        raw,
      },
    },
  };
}
