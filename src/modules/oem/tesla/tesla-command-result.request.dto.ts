import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, ValidateIf } from 'class-validator';

import { checkTeslaCommandResponse, type TeslaCommandResponse } from './tesla-payload.js';
import { IsVendorPayload } from '../vendor-payload.js';

/** Tesla's answer to `door_lock` / `door_unlock`: `{ response: { result, reason } }` or an error. */
export class TeslaCommandResultRequestDto {
  @IsVendorPayload(checkTeslaCommandResponse, {
    nullable: true,
    example: { result: true, reason: '' },
  })
  response: TeslaCommandResponse | null;

  @ApiPropertyOptional({ example: 'vehicle unavailable: vehicle is offline or asleep' })
  @ValidateIf(
    (dto: TeslaCommandResultRequestDto) => dto.response === null || dto.error !== undefined,
  )
  @IsString()
  @Length(1, 500)
  error?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  error_description?: string;
}
