import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { DeliveryDriveSide } from './drive-side.js';
import { CarmakerReportAnswer, OemWebhook } from '../oem-api.js';
import { OemCommandParams, OemDeliveryParams } from '../oem-params.dto.js';
import { OemReports } from '../oem-reports.js';
import { refuseDuplicateFields, SentPayload } from '../raw-body.decorator.js';
import { TeslaCommandResultRequestDto } from './tesla-command-result.request.dto.js';
import { teslaVehicleStatus, teslaVendorStatus } from './tesla-payload.js';
import { TeslaVehicleDataRequestDto } from './tesla-vehicle-data.request.dto.js';
import { teslaPosition } from './tesla-drive-state.js';
import { TeslaDriveStateRequestDto } from './tesla-drive-state.request.dto.js';

@OemWebhook('tesla')
@Controller('v1/oem/tesla')
export class TeslaWebhookHttpController {
  constructor(
    private readonly reports: OemReports,
    private readonly driveSide: DeliveryDriveSide,
  ) {}

  @Post(':deliveryId/commands/:commandId')
  @HttpCode(200)
  @CarmakerReportAnswer()
  @ApiOperation({
    summary: 'Tesla’s answer to door_lock / door_unlock ({ response: { result, reason } })',
  })
  commandResult(
    @Param() params: OemCommandParams,
    @Body() { response, error }: TeslaCommandResultRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @SentPayload() payload: SentPayload,
  ) {
    refuseDuplicateFields(payload);
    const status = teslaVendorStatus(response, error);
    return this.reports.commandResult(params, 'tesla', status, payload, request);
  }

  @Post(':deliveryId/vehicle-data')
  @HttpCode(200)
  @CarmakerReportAnswer()
  @ApiOperation({
    summary: 'Tesla vehicle_data: vehicle_state.locked, door flags and timestamp (ms)',
  })
  async vehicleData(
    @Param() { deliveryId }: OemDeliveryParams,
    @Body() { response }: TeslaVehicleDataRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @SentPayload() payload: SentPayload,
  ) {
    const driveSide = await this.driveSide.of(deliveryId);
    const read = teslaVehicleStatus(response.vehicle_state, driveSide);
    return this.reports.statusRead(deliveryId, 'tesla', read, payload, request);
  }

  @Post(':deliveryId/location')
  @HttpCode(200)
  @CarmakerReportAnswer()
  @ApiOperation({
    summary:
      'Tesla vehicle_data with location_data: drive_state.latitude, longitude, heading, gps_as_of (s)',
    description: 'Recorded as VehiclePositionReported (personal data), at its GPS fix time.',
  })
  location(
    @Param() { deliveryId }: OemDeliveryParams,
    @Body() { response }: TeslaDriveStateRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @SentPayload() payload: SentPayload,
  ) {
    const read = teslaPosition(response.drive_state);
    return this.reports.positionRead(deliveryId, 'tesla', read, payload, request);
  }
}
