import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { HttpProblem } from '../../http/error-body.js';
import { conflictingDuplicateFields, type RequestWithBytes } from './duplicate-fields.js';

/** The JSON body exactly as the carmaker sent it, unknown fields included: stored as evidence. */
export const RawJsonBody = createParamDecorator(
  (_: unknown, context: ExecutionContext): unknown =>
    context.switchToHttp().getRequest<Request>().body,
);

/** Fields the payload states twice with different values: a status read records them as contradictions. */
export const DuplicateFields = createParamDecorator(
  (_: unknown, context: ExecutionContext): string[] =>
    conflictingDuplicateFields(context.switchToHttp().getRequest<RequestWithBytes>().rawBody),
);

/** A command result that states a field twice with different values says two things: 400, nothing stored. */
export function refuseDuplicateFields(duplicates: readonly string[]): void {
  if (duplicates.length === 0) return;
  throw new HttpProblem(
    400,
    'REQUEST.INVALID',
    'The payload states a field twice with different values',
    { fields: [{ field: 'body', problems: duplicates }] },
  );
}
