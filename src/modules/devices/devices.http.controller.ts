import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { DeviceCommand } from '../../domain/device/device.decider.js';
import { ApiTokenErrors } from '../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../http/command-request.js';
import { summarize, type RecordedEventSummary } from '../../http/command-response.js';
import { toBase64 } from '../../verifier/bytes.js';
import { parseSourcePublicKey, spkiOf } from '../../verifier/source-key.js';
import { Roles } from '../auth/roles.decorator.js';
import { CommandPipeline } from '../streams/command-pipeline.js';
import { deviceStream } from '../streams/device.stream.js';
import type { CommandBody } from '../streams/stream-kind.js';
import {
  DeviceParams,
  RegisterDeviceRequestDto,
  RevokeDeviceRequestDto,
} from './device.request.dto.js';
import { DeviceChangeDto } from './device-change.response.dto.js';

interface DeviceAnswer {
  readonly deviceId: string;
  readonly changed: boolean;
  readonly events: readonly RecordedEventSummary[];
}

@ApiTags('devices')
@ApiBearerAuth()
@Controller('v1/devices')
export class DevicesHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post()
  @HttpCode(200)
  @Roles('delivery-service')
  @ApiOperation({
    summary:
      "Register a courier's device and the public key it signs drop receipts with (DeviceRegistered)",
  })
  @ApiTokenErrors({
    409: 'DEVICE.ID_TAKEN: the id is registered with another key, courier or validity, or was revoked',
    422: 'DEVICE.INVALID_VALIDITY: notAfter is not later than notBefore',
  })
  @ApiOkResponse({ type: DeviceChangeDto })
  register(
    @Body() body: RegisterDeviceRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<DeviceAnswer> {
    const key = parseSourcePublicKey(body.publicKey);
    return this.run(body.deviceId, request, {
      type: 'RegisterDevice',
      data: {
        deviceId: body.deviceId,
        courierId: body.courierId,
        algorithm: key.algorithm,
        // One spelling of each key, whatever form it came in: the same key sent again is the same registration.
        publicKey: toBase64(spkiOf(key)),
        notBefore: body.notBefore,
        notAfter: body.notAfter,
      },
    });
  }

  @Post(':deviceId/revoke')
  @HttpCode(200)
  @Roles('delivery-service', 'admin')
  @ApiOperation({
    summary: 'Revoke a courier device (DeviceRevoked): nothing it signs is accepted from then on',
  })
  @ApiTokenErrors({ 404: 'DEVICE.NOT_FOUND: no such device' })
  @ApiOkResponse({ type: DeviceChangeDto })
  revoke(
    @Param() { deviceId }: DeviceParams,
    @Body() body: RevokeDeviceRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<DeviceAnswer> {
    return this.run(deviceId, request, {
      type: 'RevokeDevice',
      data: { deviceId, reason: body.reason },
    });
  }

  private async run(
    deviceId: string,
    request: CommandRequest,
    command: CommandBody<DeviceCommand>,
  ): Promise<DeviceAnswer> {
    const change = await this.pipeline.handle(deviceStream, { id: deviceId, request, command });
    return {
      deviceId,
      changed: change.events.length > 0,
      events: change.events.map(summarize),
    };
  }
}
