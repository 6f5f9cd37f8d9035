import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { ReportCourierApproachingRequestDto } from './report-courier-approaching.request.dto.js';

@DeliveryCommandController()
export class ReportCourierApproachingHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/approaching',
    summary: 'Report that the courier is on the way (CourierApproaching)',
    command: 'ReportCourierApproaching',
  })
  reportCourierApproaching(
    @Param() { id }: DeliveryParams,
    @Body() { courierId, eta, courierName, occurredAt }: ReportCourierApproachingRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'ReportCourierApproaching',
      data: {
        courierId,
        eta,
        courierName: courierName ?? null,
      },
    });
  }
}
