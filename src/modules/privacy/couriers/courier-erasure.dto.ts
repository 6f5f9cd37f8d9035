import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import type { RecordedEventSummary } from '../../../http/command-response.js';
import { IsLedgerId } from '../../delivery/dto/validation.js';
import type { CourierKeyScope } from './courier-erasure.service.js';

export class CourierParams {
  @IsLedgerId('c-123')
  courierId: string;
}

export class CourierErasureRequestDto {
  @ApiPropertyOptional({
    enum: ['request', 'compliance'],
    default: 'request',
    description:
      '`request`: the courier asked (GDPR Art. 17), relayed by compliance; `compliance`: decided by compliance',
  })
  @IsOptional()
  @IsIn(['request', 'compliance'])
  reason?: 'request' | 'compliance';
}

@ApiSchema({ name: 'CourierErasure' })
export class CourierErasureResponseDto {
  @ApiProperty() courierId: string;
  @ApiProperty({ description: 'False when nothing was left to shred' }) changed: boolean;
  @ApiProperty() keysDestroyed: number;
  @ApiProperty({
    description:
      "Each scope whose key was destroyed: { kind: courier, courierId, deliveryId } (the courier's data on one delivery)",
    type: 'array',
    items: { type: 'object' },
  })
  destroyed: readonly CourierKeyScope[];
  @ApiProperty({ description: 'Keys destroyed per kind of scope', example: { courier: 2 } })
  keysByKind: Record<CourierKeyScope['kind'], number>;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) events: RecordedEventSummary[];
}
