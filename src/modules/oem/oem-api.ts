import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiTokenErrors } from '../../http/api-responses.js';
import { CarmakerReportResponseDto } from './carmaker-report.response.dto.js';
import { SOURCE_CARMAKER, SourceSignatureGuard } from './source-signature.guard.js';

/**
 * Carmaker webhooks: posted by keytrail's connectors, in each carmaker's own payload shape, and
 * signed by the connector (RFC 9421) where its carmaker has keys in KEYTRAIL_SOURCE_KEYS.
 */
export const OemWebhook = (vendor: Vendor) =>
  applyDecorators(
    ApiTags(`oem: ${vendor}`),
    ApiBearerAuth(),
    Roles('oem-connector'),
    SetMetadata(SOURCE_CARMAKER, vendor),
    UseGuards(SourceSignatureGuard),
    ApiHeader({
      name: 'Signature-Input',
      required: false,
      description:
        'RFC 9421: one signature (ed25519 or ecdsa-p256-sha256) covering at least "content-digest" "@path" "@method", with keyid and created',
    }),
    ApiHeader({ name: 'Signature', required: false, description: 'RFC 9421 signature' }),
    ApiHeader({
      name: 'Content-Digest',
      required: false,
      description: 'RFC 9530 sha-256 of the exact body bytes (required when signed)',
    }),
    ApiTokenErrors({
      400: 'Not the carmaker’s payload shape; a malformed signature (SOURCE.MALFORMED_SIGNATURE) or a body that does not match its Content-Digest (SOURCE.DIGEST_MISMATCH): nothing stored',
      401: 'No valid token; or the source signature does not verify (SOURCE.BAD_SIGNATURE), names an unknown key (SOURCE.UNKNOWN_KEY), another carmaker’s key (SOURCE.WRONG_CARMAKER), a key outside its validity (SOURCE.KEY_NOT_VALID), is too old or expired (SOURCE.SIGNATURE_EXPIRED) or from the future (SOURCE.SIGNATURE_FROM_FUTURE), or is missing where required (SOURCE.SIGNATURE_REQUIRED): nothing stored',
      403: 'Not a connector bound to this carmaker (AUTH.VENDOR_REQUIRED), or the delivery’s car is another carmaker’s (ACCESS.WRONG_VENDOR): nothing stored',
      404: 'Unknown delivery',
      409: 'Concurrent write: retry',
      422: 'Refused (recorded): unknown command, or a result for the other kind of command',
      429: 'This connector was refused too often lately (CONNECTOR.TOO_MANY_REFUSALS): nothing stored; see Retry-After',
    }),
  );

/** A webhook's answer (on each route: the route's own 200 would hide one given to the controller). */
export const CarmakerReportAnswer = () =>
  ApiOkResponse({
    type: CarmakerReportResponseDto,
    description: 'Recorded, or the original answer to a retried payload',
  });
