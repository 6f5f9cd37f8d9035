import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse } from '@nestjs/swagger';

class ErrorDetailDto {
  @ApiProperty({ example: 'UNLOCK.DENIED' })
  code: string;
  @ApiProperty({ example: 'The unlock was denied: outside_geofence' })
  message: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
}

export class ErrorBodyDto {
  @ApiProperty({ type: ErrorDetailDto })
  error: ErrorDetailDto;
}

class RecordedEventSummaryDto {
  @ApiProperty({ example: 'AccessGranted' })
  type: string;
  @ApiProperty({ format: 'uuid' })
  eventId: string;
  @ApiProperty({ example: 1042 })
  globalPosition: number;
  @ApiProperty({ example: 3 })
  streamRevision: number;
  @ApiProperty({ format: 'date-time' })
  recordedAt: string;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  hash: string;
}

export class CommandResponseDto {
  @ApiProperty({ example: 'd-1042' })
  deliveryId: string;
  @ApiProperty({ description: 'True when this answers a retry: nothing new was stored' })
  replayed: boolean;
  @ApiProperty({ description: 'False when the command changed nothing' })
  changed: boolean;
  @ApiProperty({ type: [RecordedEventSummaryDto] })
  events: RecordedEventSummaryDto[];
}

/** The answers every command route can give. */
export const ApiCommandResponses = (created = false) =>
  applyDecorators(
    ApiBearerAuth(),
    ApiResponse({
      status: created ? 201 : 200,
      type: CommandResponseDto,
      description: 'Stored (or replayed)',
    }),
    ApiResponse({ status: 400, type: ErrorBodyDto, description: 'Malformed or invalid body' }),
    ApiResponse({ status: 401, type: ErrorBodyDto, description: 'No valid bearer token' }),
    ApiResponse({ status: 403, type: ErrorBodyDto, description: 'Role not allowed' }),
    ApiResponse({ status: 404, type: ErrorBodyDto, description: 'Unknown delivery' }),
    ApiResponse({
      status: 409,
      type: ErrorBodyDto,
      description: 'Concurrent write, or an id reused',
    }),
    ApiResponse({
      status: 422,
      type: ErrorBodyDto,
      description: 'Refused by the rules (recorded)',
    }),
  );
