import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';

import { Roles } from '../auth/roles.decorator.js';
import { ApiErrors } from '../../http/api-responses.js';

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
    ApiErrors({
      400: 'Not the carmaker’s payload shape',
      403: 'Not a connector bound to this carmaker (AUTH.VENDOR_REQUIRED), or the delivery’s car is another carmaker’s (ACCESS.WRONG_VENDOR): nothing stored',
      404: 'Unknown delivery',
      409: 'Concurrent write: retry',
      422: 'Refused (recorded): unknown command, or a result for the other kind of command',
      429: 'This connector was refused too often lately (CONNECTOR.TOO_MANY_REFUSALS): nothing stored; see Retry-After',
    }),
  );
