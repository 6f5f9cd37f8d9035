import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'ErrorDetail' })
class ErrorDetailDto {
  @ApiProperty({
    example: 'UNLOCK.DENIED',
    description: 'AREA.REASON, stable: what a client branches on (see the answer descriptions)',
  })
  code: string;
  @ApiProperty({ example: 'The unlock was denied: outside_geofence' })
  message: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
}

/** The one error body every refusal is answered with. */
@ApiSchema({ name: 'ErrorBody' })
export class ErrorBodyDto {
  @ApiProperty({ type: ErrorDetailDto })
  error: ErrorDetailDto;
}

@ApiSchema({ name: 'RecordedEventSummary' })
export class RecordedEventSummaryDto {
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

@ApiSchema({ name: 'CommandResult' })
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

/** What any route can answer: past its deadline, or with the store out of reach. */
const ANY_ROUTE: Readonly<Record<number, string>> = {
  503: 'REQUEST.TIMEOUT: not answered within the deadline; STORE.UNAVAILABLE: the ledger’s database is out of reach. Retry after Retry-After',
};

/** What any route behind a bearer token can answer, besides its own refusals. */
const TOKEN_ROUTE: Readonly<Record<number, string>> = {
  400: 'REQUEST.INVALID: a malformed query or body (details name the fields); REQUEST.INVALID_PATH, REQUEST.MALFORMED_JSON, REQUEST.INVALID_HEADER',
  401: 'AUTH.MISSING_TOKEN, AUTH.INVALID_TOKEN, AUTH.TOKEN_EXPIRED, AUTH.TOKEN_LIFETIME_TOO_LONG: no valid bearer token',
  403: 'AUTH.FORBIDDEN: the token’s role may not use this route; AUTH.VENDOR_REQUIRED: a connector token bound to no carmaker',
  429: 'AUTH.TOO_MANY_FAILURES: too many refused tokens from this address lately; see Retry-After',
  ...ANY_ROUTE,
};

const merged = (
  common: Readonly<Record<number, string>>,
  own: Readonly<Record<number, string>>,
): Record<number, string> => {
  const all: Record<number, string> = { ...common };
  for (const [status, description] of Object.entries(own)) {
    const code = Number(status);
    all[code] = all[code] ? `${description}. Also: ${all[code]}` : description;
  }
  return all;
};

/** A public route's errors: its own, and what any route can answer. */
export const ApiPublicErrors = (own: Readonly<Record<number, string>> = {}) =>
  ApiErrors(merged(ANY_ROUTE, own));

/** A token route's errors: its own refusals (by status, with their codes) and the token's. */
export const ApiTokenErrors = (own: Readonly<Record<number, string>> = {}) =>
  ApiErrors(merged(TOKEN_ROUTE, own));

/** The answers every command route can give. */
export const ApiCommandResponses = (created = false) =>
  applyDecorators(
    ApiBearerAuth(),
    ApiResponse({
      status: created ? 201 : 200,
      type: CommandResponseDto,
      description: 'Stored (or replayed)',
    }),
    ApiTokenErrors({
      400: 'Malformed or invalid body',
      403: 'ACCESS.NOT_YOURS: not this caller’s delivery',
      404: 'DELIVERY.NOT_FOUND: unknown delivery',
      409: 'STREAM.CONFLICT: a concurrent write, retry; IDEMPOTENCY.KEY_REUSED, STREAM.DUPLICATE_EVENT_ID, GRANT.ID_TAKEN and the like: an id reused with other content',
      422: 'Refused by the rules (recorded as CommandRefused): the code names the rule, e.g. UNLOCK.DENIED',
    }),
  );
