import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { ErrorBodyDto } from './api-responses.js';

/** The path the served OpenAPI document is at (`npm run openapi` writes it to openapi.json). */
export const OPENAPI_JSON_PATH = '/docs-json';

/** keytrail's OpenAPI document, as `/docs-json` serves it: every route, its answers and errors. */
export function describeApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('keytrail')
    .setDescription(
      'The audit and trust ledger for in-car delivery: every grant, unlock, opening, drop and lock confirmation as an immutable event.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorBodyDto] });
}

/** Serves the document at /docs (UI) and /docs-json. */
export function serveApiDocument(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => describeApi(app));
}
