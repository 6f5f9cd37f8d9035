import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';

import { Roles } from '../auth/roles.decorator.js';
import { ErrorBodyDto } from '../../http/api-responses.js';

/** Carmaker webhooks: posted by keytrail's connectors, in each carmaker's own payload shape. */
export const OemWebhook = (vendor: string) =>
  applyDecorators(
    ApiTags(`oem: ${vendor}`),
    ApiBearerAuth(),
    Roles('oem-connector'),
    ApiResponse({
      status: 200,
      description: 'Recorded, or the original answer to a retried payload',
    }),
    ApiResponse({
      status: 400,
      type: ErrorBodyDto,
      description: 'Not the carmaker’s payload shape',
    }),
    ApiResponse({
      status: 403,
      type: ErrorBodyDto,
      description:
        'Not a connector bound to this carmaker (AUTH.VENDOR_REQUIRED), or the delivery’s car is another carmaker’s (ACCESS.WRONG_VENDOR): nothing stored',
    }),
    ApiResponse({ status: 404, type: ErrorBodyDto, description: 'Unknown delivery' }),
    ApiResponse({ status: 409, type: ErrorBodyDto, description: 'Concurrent write: retry' }),
    ApiResponse({
      status: 422,
      type: ErrorBodyDto,
      description: 'Refused (recorded): unknown command, or a result for the other kind of command',
    }),
    ApiResponse({
      status: 429,
      type: ErrorBodyDto,
      description:
        'This connector was refused too often lately (CONNECTOR.TOO_MANY_REFUSALS): nothing stored; see Retry-After',
    }),
  );
