import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';

import { Roles } from '../auth/roles.decorator.js';
import { ErrorBodyDto } from '../delivery/api-responses.js';

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
    ApiResponse({ status: 404, type: ErrorBodyDto, description: 'Unknown delivery' }),
    ApiResponse({ status: 409, type: ErrorBodyDto, description: 'Concurrent write: retry' }),
    ApiResponse({
      status: 422,
      type: ErrorBodyDto,
      description: 'Refused (recorded): unknown command, wrong carmaker',
    }),
  );
