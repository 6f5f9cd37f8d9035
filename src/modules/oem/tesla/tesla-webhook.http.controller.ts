import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { recordVendorResult } from '../commands/record-vendor-command-result/record-vendor-command-result.command.js';
import { reportVehicleStatus } from '../commands/report-vehicle-status/report-vehicle-status.command.js';
import { DeliveryDriveSide } from './drive-side.js';
import { CommandPipeline } from '../../streams/command-pipeline.js';
import { deliveryStream } from '../../streams/delivery.stream.js';
import { OemWebhook } from '../oem-api.js';
import { withContradictions } from '../vendor-status-read.js';
import { OemCommandParams, OemDeliveryParams } from '../oem-params.dto.js';
import { type OemResponse, oemResponse } from '../oem-response.js';
import { DuplicateFields, RawJsonBody, refuseDuplicateFields } from '../raw-body.decorator.js';
import { TeslaCommandResultRequestDto } from './tesla-command-result.request.dto.js';
import { teslaVehicleStatus, teslaVendorStatus } from './tesla-payload.js';
import { TeslaVehicleDataRequestDto } from './tesla-vehicle-data.request.dto.js';

@OemWebhook('tesla')
@Controller('v1/oem/tesla')
export class TeslaWebhookHttpController {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly driveSide: DeliveryDriveSide,
  ) {}

  @Post(':deliveryId/commands/:commandId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Tesla’s answer to door_lock / door_unlock ({ response: { result, reason } })',
  })
  async commandResult(
    @Param() params: OemCommandParams,
    @Body() body: TeslaCommandResultRequestDto,
    @RawJsonBody() raw: unknown,
    @CurrentCommandRequest() request: CommandRequest,
    @DuplicateFields() duplicates: string[],
  ): Promise<OemResponse> {
    refuseDuplicateFields(duplicates);
    const status = teslaVendorStatus(body.response, body.error);
    return oemResponse(
      await this.pipeline.handle(
        deliveryStream,
        recordVendorResult(params, 'tesla', status, raw, request),
      ),
    );
  }

  @Post(':deliveryId/vehicle-data')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Tesla vehicle_data: vehicle_state.locked, door flags and timestamp (ms)',
  })
  async vehicleData(
    @Param() params: OemDeliveryParams,
    @Body() body: TeslaVehicleDataRequestDto,
    @RawJsonBody() raw: unknown,
    @CurrentCommandRequest() request: CommandRequest,
    @DuplicateFields() duplicates: string[],
  ): Promise<OemResponse> {
    const status = {
      vendor: 'tesla' as const,
      ...withContradictions(
        teslaVehicleStatus(body.response.vehicle_state, await this.driveSide.of(params.deliveryId)),
        duplicates,
      ),
      raw,
    };
    return oemResponse(
      await this.pipeline.handle(
        deliveryStream,
        reportVehicleStatus(params.deliveryId, status, request),
      ),
    );
  }
}
