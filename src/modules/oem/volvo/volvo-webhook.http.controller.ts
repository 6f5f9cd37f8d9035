import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { CarmakerReportAnswer, OemWebhook } from '../oem-api.js';
import { OemCommandParams, OemDeliveryParams } from '../oem-params.dto.js';
import { OemReports } from '../oem-reports.js';
import { refuseDuplicateFields, SentPayload } from '../raw-body.decorator.js';
import { VolvoCommandResultRequestDto } from './volvo-command-result.request.dto.js';
import { VolvoDoorsRequestDto } from './volvo-doors.request.dto.js';
import { volvoPosition } from './volvo-location.js';
import { VolvoLocationRequestDto } from './volvo-location.request.dto.js';
import { volvoDoorsStatus, volvoWindowsStatus } from './volvo-payload.js';
import { VolvoWindowsRequestDto } from './volvo-windows.request.dto.js';

@OemWebhook('volvo')
@Controller('v1/oem/volvo')
export class VolvoWebhookHttpController {
  constructor(private readonly reports: OemReports) {}

  @Post(':deliveryId/commands/:commandId')
  @HttpCode(200)
  @CarmakerReportAnswer()
  @ApiOperation({ summary: 'Volvo’s answer to a lock or unlock command (invokeStatus)' })
  commandResult(
    @Param() params: OemCommandParams,
    @Body() body: VolvoCommandResultRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @SentPayload() payload: SentPayload,
  ) {
    refuseDuplicateFields(payload);
    return this.reports.commandResult(params, 'volvo', body.data.invokeStatus, payload, request);
  }

  @Post(':deliveryId/doors')
  @HttpCode(200)
  @CarmakerReportAnswer()
  @ApiOperation({ summary: 'Volvo doors and lock status (centralLock, each door, tailgate, hood)' })
  doors(
    @Param() { deliveryId }: OemDeliveryParams,
    @Body() { data }: VolvoDoorsRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @SentPayload() payload: SentPayload,
  ) {
    return this.reports.statusRead(deliveryId, 'volvo', volvoDoorsStatus(data), payload, request);
  }

  @Post(':deliveryId/windows')
  @HttpCode(200)
  @CarmakerReportAnswer()
  @ApiOperation({
    summary: 'Volvo window status (each window and the sunroof, each with its own timestamp)',
    description:
      'A cabin delivery is confirmed locked only once every window is known closed, read after the lock command.',
  })
  windows(
    @Param() { deliveryId }: OemDeliveryParams,
    @Body() { data }: VolvoWindowsRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @SentPayload() payload: SentPayload,
  ) {
    return this.reports.statusRead(deliveryId, 'volvo', volvoWindowsStatus(data), payload, request);
  }

  @Post(':deliveryId/location')
  @HttpCode(200)
  @CarmakerReportAnswer()
  @ApiOperation({
    summary:
      'Volvo location of the car (a GeoJSON Feature: Point [longitude, latitude], timestamp, heading)',
    description:
      'Recorded as VehiclePositionReported (personal data). While fresh (KEYTRAIL_VEHICLE_POSITION_MAX_AGE_S), an unlock is denied vehicle_outside_area when it lies outside the reference area or the grant’s geofence.',
  })
  location(
    @Param() { deliveryId }: OemDeliveryParams,
    @Body() { data }: VolvoLocationRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @SentPayload() payload: SentPayload,
  ) {
    return this.reports.positionRead(deliveryId, 'volvo', volvoPosition(data), payload, request);
  }
}
