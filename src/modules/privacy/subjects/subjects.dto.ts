import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

import type { KeyScope } from '../../../privacy/data-key.js';
import type { RecordedEventSummary } from '../../../http/command-response.js';
import { IsInstant, IsLedgerId } from '../../delivery/dto/validation.js';

export class SubjectParams {
  @IsLedgerId('cust-5')
  customerId: string;
}

export class ErasureRequestDto {
  @ApiPropertyOptional({
    enum: ['request', 'compliance'],
    default: 'request',
    description:
      "`request`: the customer's own (GDPR Art. 17); `compliance`: decided by compliance",
  })
  @IsOptional()
  @IsIn(['request', 'compliance'])
  reason?: 'request' | 'compliance';
}

export class AccessLogQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextRevision of the previous page', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  fromRevision?: number;
}

@ApiSchema({ name: 'Erasure' })
export class ErasureResponseDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ description: 'False when nothing was left to shred' }) changed: boolean;
  @ApiProperty() keysDestroyed: number;
  @ApiProperty({
    description:
      'Each scope whose key was destroyed: { kind: delivery, deliveryId } or { kind: vehicle, vehicleId, customerId }',
    type: 'array',
    items: { type: 'object' },
  })
  destroyed: readonly Exclude<KeyScope, { kind: 'courier' }>[];
  @ApiProperty({
    description: 'Keys destroyed per kind of scope',
    example: { delivery: 2, vehicle: 1 },
  })
  keysByKind: Record<Exclude<KeyScope['kind'], 'courier'>, number>;
  @ApiProperty() photosDeleted: number;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) events: RecordedEventSummary[];
}

export class LegalHoldRequestDto {
  @ApiProperty({
    example: 'Litigation L-2027-04: preserve until judgment',
    description: 'Why the data must be kept',
  })
  @IsString()
  @Length(3, 2000)
  reason: string;

  @IsInstant('2027-06-30T23:59:59Z', {
    description: 'When the hold ends: erasure is refused until then',
  })
  until: string;
}
