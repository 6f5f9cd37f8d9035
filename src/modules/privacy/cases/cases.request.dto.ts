import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';

import { IsLedgerId, LEDGER_ID } from '../../delivery/dto/validation.js';

export class OpenCaseRequestDto {
  @IsLedgerId('case-77')
  caseId: string;

  @ApiProperty({ type: [String], example: ['d-1042'], description: 'The deliveries it covers' })
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
