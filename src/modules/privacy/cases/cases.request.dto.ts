import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';

import type { CaseStatus } from '../../../domain/case/case.decider.js';
import { IsLedgerId, LEDGER_ID } from '../../delivery/dto/validation.js';

export class OpenCaseRequestDto {
  @IsLedgerId('case-77')
  caseId: string;

  @ApiProperty({
    type: [String],
    example: ['d-1042'],
    description:
      'The deliveries it covers; more than KEYTRAIL_CASE_MAX_DELIVERIES (50) and only compliance may approve the case',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(LEDGER_ID, { each: true, message: 'each of deliveryIds must be a delivery id' })
  deliveryIds: string[];

  @ApiProperty({ example: 'Customer reports a missing package' })
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class CloseCaseRequestDto {
  @ApiProperty({ example: 'Package found in the trunk; no fault' })
  @IsString()
  @Length(3, 2000)
  resolution: string;
}

export class CaseParams {
  @IsLedgerId('case-77')
  id: string;
}

export class ApproveCaseRequestDto {
  @ApiProperty({
    example: 'Dispute ticket T-88 confirmed; the deliveries match the complaint',
    description: 'Why the approver agrees the case needs precise data',
  })
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class CaseListQueryDto {
  @ApiPropertyOptional({
    enum: ['pending', 'approved', 'expired', 'closed'],
    default: 'pending',
    description: 'Cases in this state now',
  })
  @IsOptional()
  @IsIn(['pending', 'approved', 'expired', 'closed'])
  status?: CaseStatus;
}
