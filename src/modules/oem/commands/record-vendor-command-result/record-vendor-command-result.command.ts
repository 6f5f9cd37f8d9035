import { Command } from '@nestjs/cqrs';

import type { RecordVendorCommandResult } from '../../../../domain/delivery/delivery.commands.js';
import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../../delivery/delivery-command.service.js';

export class RecordVendorCommandResultCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly result: RecordVendorCommandResult['data'],
    /** When it happened by the carmaker's clock, if the payload says. */
    readonly occurredAt: string | undefined,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

/** What a carmaker's payload says beyond its verbatim status; most say nothing more. */
export interface VendorResultDetails {
  readonly vendorCommand?: 'unlock' | 'lock';
  readonly vendorCommandName?: string;
  readonly vendorRequestTime?: string | null;
  readonly vehicleCompletionTime?: string | null;
  readonly occurredAt?: string;
}

export function recordVendorResult(
  params: { deliveryId: string; commandId: string },
  vendor: RecordVendorCommandResult['data']['vendor'],
  vendorStatus: string,
  raw: unknown,
  request: CommandRequest,
  details: VendorResultDetails = {},
): RecordVendorCommandResultCommand {
  return new RecordVendorCommandResultCommand(
    params.deliveryId,
    {
      commandId: params.commandId,
      vendor,
      vendorStatus,
      vendorCommand: details.vendorCommand ?? null,
      vendorCommandName: details.vendorCommandName ?? null,
      vendorRequestTime: details.vendorRequestTime ?? null,
      vehicleCompletionTime: details.vehicleCompletionTime ?? null,
      raw,
    },
    details.occurredAt,
    request,
  );
}
