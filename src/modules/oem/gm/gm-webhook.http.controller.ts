import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { recordVendorResult } from '../commands/record-vendor-command-result/record-vendor-command-result.command.js';
import { CommandPipeline } from '../../streams/command-pipeline.js';
import { deliveryStream } from '../../streams/delivery.stream.js';
import { OemWebhook } from '../oem-api.js';
import { OemCommandParams } from '../oem-params.dto.js';
import { type OemResponse, oemResponse } from '../oem-response.js';
import { DuplicateFields, RawJsonBody, refuseDuplicateFields } from '../raw-body.decorator.js';
import { GmCommandResultRequestDto } from './gm-command-result.request.dto.js';
import { gmLedgerCommand, toInstant } from './gm-payload.js';

@OemWebhook('gm')
@Controller('v1/oem/gm')
export class GmWebhookHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':deliveryId/commands/:commandId')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'OnStar commandResponse for lockDoor / lockTrunk / unlockDoor / unlockTrunk (success, failure, inProgress)',
    description:
      'OnStar exposes no door or lock status: a lock success completed after OnStar received the lock command confirms the lock, as acknowledged by the carmaker (evidence command_acknowledged). lockDoor covers the whole car; lockTrunk only the trunk, never a cabin delivery.',
  })
  async commandResult(
    @Param() params: OemCommandParams,
    @Body() body: GmCommandResultRequestDto,
    @RawJsonBody() raw: unknown,
    @CurrentCommandRequest() request: CommandRequest,
    @DuplicateFields() duplicates: string[],
  ): Promise<OemResponse> {
    refuseDuplicateFields(duplicates);
    const response = body.commandResponse;
    const requestedAt = toInstant(response.requestTime);
    const completedAt = toInstant(response.completionTime);
    return oemResponse(
      await this.pipeline.handle(
        deliveryStream,
        recordVendorResult(params, 'gm', response.status, raw, request, {
          vendorCommand: gmLedgerCommand(response),
          vendorCommandName: response.type,
          vendorRequestTime: requestedAt,
          vehicleCompletionTime: completedAt,
          occurredAt: completedAt ?? requestedAt ?? undefined,
        }),
      ),
    );
  }
}
