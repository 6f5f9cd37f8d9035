import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DELIVERY_TARGETS,
  type DeliveryTarget,
  VENDORS,
  type Vendor,
} from '../../../../domain/delivery/delivery.vocabulary.js';
import { IsDefined, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IsLedgerId } from '../../dto/validation.js';
import { ReferenceAreaDto } from '../../dto/reference-area.dto.js';
import { TimeWindowDto } from '../../dto/time-window.dto.js';
import { Type } from 'class-transformer';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class ScheduleDeliveryRequestDto extends CommandRequestDto {
  @IsLedgerId('d-1042')
  deliveryId: string;

  @IsLedgerId('o-5531')
  orderId: string;

  @IsLedgerId('cust-88')
  customerId: string;

  @IsLedgerId('v-17')
  vehicleId: string;

  @ApiProperty({ enum: VENDORS })
  @IsIn(VENDORS)
  vendor: Vendor;

  @ApiProperty({ type: TimeWindowDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => TimeWindowDto)
  window: TimeWindowDto;

  @ApiProperty({ enum: DELIVERY_TARGETS })
  @IsIn(DELIVERY_TARGETS)
  target: DeliveryTarget;

  @ApiPropertyOptional({
    type: ReferenceAreaDto,
    description:
      'The customer’s address area: an unlock is denied while the car’s latest known position lies outside it (vehicle_outside_area)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReferenceAreaDto)
  referenceArea?: ReferenceAreaDto;
}
