import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { HttpProblem } from '../../http/error-body.js';
import { conflictingDuplicateFields, type RequestWithBytes } from './duplicate-fields.js';

/** A carmaker's payload as it was sent. */
export interface SentPayload {
  /** The JSON body exactly as the carmaker sent it, unknown fields included: stored as evidence. */
  readonly raw: unknown;
  /** Fields the payload states twice with different values: a status read records them as contradictions. */
  readonly duplicates: string[];
}

export const SentPayload = createParamDecorator(
  (_: unknown, context: ExecutionContext): SentPayload => {
    const request = context.switchToHttp().getRequest<RequestWithBytes>();
    return { raw: request.body, duplicates: conflictingDuplicateFields(request.rawBody) };
  },
);

/** A command result that states a field twice with different values says two things: 400, nothing stored. */
export function refuseDuplicateFields({ duplicates }: SentPayload): void {
  if (duplicates.length === 0) return;
  throw new HttpProblem(
    400,
    'REQUEST.INVALID',
    'The payload states a field twice with different values',
    { fields: [{ field: 'body', problems: duplicates }] },
  );
}
