import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { CarmakerReportAnswer, OemWebhook } from '../oem-api.js';
import { OemCommandParams, OemDeliveryParams } from '../oem-params.dto.js';
import { OemReports } from '../oem-reports.js';
import { refuseDuplicateFields, SentPayload } from '../raw-body.decorator.js';
import { GmCommandResultRequestDto } from './gm-command-result.request.dto.js';
import { gmLedgerCommand, toInstant } from './gm-payload.js';
import { gmPosition } from './gm-location.js';
import { GmLocationRequestDto } from './gm-location.request.dto.js';

@OemWebhook('gm')
@Controller('v1/oem/gm')
export class GmWebhookHttpController {
  constructor(private readonly reports: OemReports) {}

  @Post(':deliveryId/commands/:commandId')
  @HttpCode(200)
  @CarmakerReportAnswer()
  @ApiOperation({
    summary:
      'OnStar commandResponse for lockDoor / lockTrunk / unlockDoor / unlockTrunk (success, failure, inProgress)',
    description:
      'OnStar exposes no door or lock status: a lock success completed after OnStar received the lock command confirms the lock, as acknowledged by the carmaker (evidence command_acknowledged). lockDoor covers the whole car; lockTrunk only the trunk, never a cabin delivery.',
  })
  commandResult(
    @Param() params: OemCommandParams,
    @Body() { commandResponse: response }: GmCommandResultRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @SentPayload() payload: SentPayload,
  ) {
    refuseDuplicateFields(payload);
    const requestedAt = toInstant(response.requestTime);
    const completedAt = toInstant(response.completionTime);
    return this.reports.commandResult(params, 'gm', response.status, payload, request, {
      vendorCommand: gmLedgerCommand(response),
      vendorCommandName: response.type,
      vendorRequestTime: requestedAt,
      vehicleCompletionTime: completedAt,
      occurredAt: completedAt ?? requestedAt ?? undefined,
    });
  }

  @Post(':deliveryId/location')
  @HttpCode(200)
  @CarmakerReportAnswer()
  @ApiOperation({
    summary: 'OnStar commandResponse for the location command (body.location lat, long)',
    description:
      'Recorded as VehiclePositionReported (personal data), at the command’s completionTime.',
  })
  location(
    @Param() { deliveryId }: OemDeliveryParams,
    @Body() { commandResponse }: GmLocationRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @SentPayload() payload: SentPayload,
  ) {
    const read = gmPosition(commandResponse);
    return this.reports.positionRead(deliveryId, 'gm', read, payload, request);
  }
}
