import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

import { Roles } from '../auth/roles.decorator.js';
import { type CommandResult, CommandPipeline } from '../streams/command-pipeline.js';
import { vehicleStream } from '../streams/vehicle.stream.js';
import type { CommandBody } from '../streams/stream-kind.js';
import type { VehicleCommand } from '../../domain/vehicle/vehicle.decider.js';
import { type CommandRequest, CurrentCommandRequest } from '../../http/command-request.js';
import { summarize, type RecordedEventSummary } from '../../http/command-response.js';
import { IsLedgerId } from '../delivery/dto/validation.js';
import { DRIVE_SIDES, type DriveSide } from '../../domain/vehicle/vehicle.events.js';

class VehiclePhotoDto {
  @ApiProperty({ example: 'ab'.repeat(32) })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256: string;

  @ApiProperty({ example: 'crm://vehicles/v-9/photo' })
  @IsString()
  @Length(1, 500)
  ref: string;
}

export class LinkVehicleRequestDto {
  @IsLedgerId('v-9')
  vehicleId: string;

  @IsLedgerId('cust-5')
  customerId: string;

  @ApiProperty({ example: 'ABC 123', description: 'Personal data: sealed, shown by role' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]{0,14}$/, {
    message: 'plate must be 1–15 letters, digits, spaces or dashes',
  })
  plate: string;

  @ApiProperty({ example: 'Volvo' }) @IsString() @Length(1, 60) make: string;
  @ApiProperty({ example: 'XC40' }) @IsString() @Length(1, 60) model: string;
  @ApiProperty({ example: 'blue' }) @IsString() @Length(1, 40) colour: string;

  @ApiPropertyOptional({ type: VehiclePhotoDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => VehiclePhotoDto)
  photo?: VehiclePhotoDto | null;

  @ApiPropertyOptional({
    enum: DRIVE_SIDES,
    default: 'left',
    description: 'The driver’s side: where Tesla’s driver and passenger flags are',
  })
  @IsOptional()
  @IsIn(DRIVE_SIDES)
  driveSide?: DriveSide;
}

export class UnlinkVehicleRequestDto {
  @ApiProperty({ example: 'sold' }) @IsString() @Length(1, 500) reason: string;
}

export class VehicleParams {
  @IsLedgerId('v-9')
  id: string;
}

interface VehicleAnswer {
  readonly vehicleId: string;
  readonly changed: boolean;
  readonly events: readonly RecordedEventSummary[];
}

const answer = (change: CommandResult<unknown>): VehicleAnswer => ({
  vehicleId: change.id,
  changed: change.events.length > 0,
  events: change.events.map(summarize),
});

@ApiTags('vehicles')
@ApiBearerAuth()
@Controller('v1/vehicles')
export class VehiclesHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post()
  @HttpCode(200)
  @Roles('delivery-service', 'customer')
  @ApiOperation({
    summary:
      "Link a car to its customer (VehicleLinked): the plate and photo are sealed with the customer's key",
  })
  link(
    @Body() body: LinkVehicleRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<VehicleAnswer> {
    return this.run(body.vehicleId, request, {
      type: 'LinkVehicle',
      data: {
        vehicleId: body.vehicleId,
        customerId: body.customerId,
        plate: body.plate,
        make: body.make,
        model: body.model,
        colour: body.colour,
        photo: body.photo ? { sha256: body.photo.sha256, ref: body.photo.ref } : null,
        driveSide: body.driveSide ?? 'left',
      },
    });
  }

  @Post(':id/unlink')
  @HttpCode(200)
  @Roles('delivery-service', 'customer')
  @ApiOperation({ summary: 'Unlink a car from its customer (VehicleUnlinked)' })
  unlink(
    @Param() params: VehicleParams,
    @Body() body: UnlinkVehicleRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<VehicleAnswer> {
    return this.run(params.id, request, {
      type: 'UnlinkVehicle',
      data: { vehicleId: params.id, reason: body.reason },
    });
  }

  private async run(
    vehicleId: string,
    request: CommandRequest,
    command: CommandBody<VehicleCommand>,
  ): Promise<VehicleAnswer> {
    return answer(await this.pipeline.handle(vehicleStream, { id: vehicleId, request, command }));
  }
}
