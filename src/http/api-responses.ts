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

/** The error answers a route can give, by status, each with the error body. */
export const ApiErrors = (descriptions: Readonly<Record<number, string>>) =>
  applyDecorators(
    ...Object.entries(descriptions).map(([status, description]) =>
      ApiResponse({ status: Number(status), type: ErrorBodyDto, description }),
    ),
  );

/** The answers every command route can give. */
export const ApiCommandResponses = (created = false) =>
  applyDecorators(
    ApiBearerAuth(),
    ApiResponse({
      status: created ? 201 : 200,
      type: CommandResponseDto,
      description: 'Stored (or replayed)',
    }),
    ApiErrors({
      400: 'Malformed or invalid body',
      401: 'No valid bearer token',
      403: 'Role not allowed',
      404: 'Unknown delivery',
      409: 'Concurrent write, or an id reused',
      422: 'Refused by the rules (recorded)',
    }),
  );
