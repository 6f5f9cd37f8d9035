import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { recordVendorResult } from '../commands/record-vendor-command-result/record-vendor-command-result.command.js';
import { reportVehicleStatus } from '../commands/report-vehicle-status/report-vehicle-status.command.js';
import { CommandPipeline } from '../../streams/command-pipeline.js';
import { deliveryStream } from '../../streams/delivery.stream.js';
import { OemWebhook } from '../oem-api.js';
import { withContradictions } from '../vendor-status-read.js';
import { OemCommandParams, OemDeliveryParams } from '../oem-params.dto.js';
import { type OemResponse, oemResponse } from '../oem-response.js';
import { DuplicateFields, RawJsonBody, refuseDuplicateFields } from '../raw-body.decorator.js';
import { VolvoCommandResultRequestDto } from './volvo-command-result.request.dto.js';
import { VolvoDoorsRequestDto } from './volvo-doors.request.dto.js';
import { volvoDoorsStatus, volvoWindowsStatus } from './volvo-payload.js';
import { VolvoWindowsRequestDto } from './volvo-windows.request.dto.js';

@OemWebhook('volvo')
@Controller('v1/oem/volvo')
export class VolvoWebhookHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':deliveryId/commands/:commandId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Volvo’s answer to a lock or unlock command (invokeStatus)' })
  async commandResult(
    @Param() params: OemCommandParams,
    @Body() body: VolvoCommandResultRequestDto,
    @RawJsonBody() raw: unknown,
    @CurrentCommandRequest() request: CommandRequest,
    @DuplicateFields() duplicates: string[],
  ): Promise<OemResponse> {
    refuseDuplicateFields(duplicates);
    return oemResponse(
      await this.pipeline.handle(
        deliveryStream,
        recordVendorResult(params, 'volvo', body.data.invokeStatus, raw, request),
      ),
    );
  }

  @Post(':deliveryId/doors')
  @HttpCode(200)
  @ApiOperation({ summary: 'Volvo doors and lock status (centralLock, each door, tailgate, hood)' })
  async doors(
    @Param() params: OemDeliveryParams,
    @Body() body: VolvoDoorsRequestDto,
    @RawJsonBody() raw: unknown,
    @CurrentCommandRequest() request: CommandRequest,
    @DuplicateFields() duplicates: string[],
  ): Promise<OemResponse> {
    const status = {
      vendor: 'volvo' as const,
      ...withContradictions(volvoDoorsStatus(body.data), duplicates),
      raw,
    };
    return oemResponse(
      await this.pipeline.handle(
        deliveryStream,
        reportVehicleStatus(params.deliveryId, status, request),
      ),
    );
  }

  @Post(':deliveryId/windows')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Volvo window status (each window and the sunroof, each with its own timestamp)',
    description:
      'A cabin delivery is confirmed locked only once every window is known closed, read after the lock command.',
  })
  async windows(
    @Param() params: OemDeliveryParams,
    @Body() body: VolvoWindowsRequestDto,
    @RawJsonBody() raw: unknown,
    @CurrentCommandRequest() request: CommandRequest,
    @DuplicateFields() duplicates: string[],
  ): Promise<OemResponse> {
    const status = {
      vendor: 'volvo' as const,
      ...withContradictions(volvoWindowsStatus(body.data), duplicates),
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
