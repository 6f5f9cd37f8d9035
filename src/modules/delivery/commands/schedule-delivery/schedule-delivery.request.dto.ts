import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DELIVERY_TARGETS,
  type DeliveryTarget,
  VENDORS,
  type Vendor,
} from '../../../../domain/delivery/delivery.vocabulary.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  Matches,
  ValidateNested,
} from 'class-validator';
import { ExpectedPackageDto } from '../../dto/expected-package.dto.js';
import { IsLedgerId, LEDGER_ID } from '../../dto/validation.js';
import { ReferenceAreaDto } from '../../dto/reference-area.dto.js';
import { TimeWindowDto } from '../../dto/time-window.dto.js';
import { Type } from 'class-transformer';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

/** Bounds the list a delivery may carry: a caller's claim, not an inventory system. */
export const MAX_EXPECTED_PACKAGES = 50;

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
    type: [ExpectedPackageDto],
    maxItems: MAX_EXPECTED_PACKAGES,
    description: 'The packages expected, each id once (packages_missing compares at completion)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EXPECTED_PACKAGES)
  @ArrayUnique((p: ExpectedPackageDto) => p?.packageId, {
    message: 'packages must name each packageId once',
  })
  @ValidateNested({ each: true })
  @Type(() => ExpectedPackageDto)
  packages?: ExpectedPackageDto[];

  @ApiPropertyOptional({
    example: 'd-1041',
    description: "The earlier attempt this re-delivers: the same customer's delivery",
  })
  @IsOptional()
  @Matches(LEDGER_ID, { message: 'previousDeliveryId must be a delivery id' })
  previousDeliveryId?: string;

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
