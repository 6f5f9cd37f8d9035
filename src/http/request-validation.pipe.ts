import {
  type ArgumentMetadata,
  Injectable,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';

import { HttpProblem } from './error-body.js';

interface FieldProblem {
  readonly field: string;
  readonly problems: readonly string[];
}

function flatten(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Shape validation for every body, path and query: unknown fields refused, answers in the error body. */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: (errors) => {
        const fields = flatten(errors);
        return new HttpProblem(
          400,
          'REQUEST.INVALID',
          fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; ') ||
            'The request is invalid',
          { fields },
        );
      },
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A POST with no body still gets its DTO validated (and its required fields reported).
    return super.transform(metadata.type === 'body' && value === undefined ? {} : value, metadata);
  }
}
