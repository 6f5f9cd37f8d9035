import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** A tree size in a query: a whole number from 1. */
const TreeSize = (description: string) =>
  applyDecorators(
    ApiProperty({ description, minimum: 1 }),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(Number.MAX_SAFE_INTEGER),
  );

export class ConsistencyQueryDto {
  @TreeSize('The older tree size') from: number;
  @TreeSize('The newer tree size') to: number;
}
