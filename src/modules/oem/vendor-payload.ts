import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';

import { isInstant } from '../delivery/dto/validation.js';

/** Problems found in a carmaker payload, as `path: what is wrong`. */
export type PayloadProblems = string[];

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function expectInstant(problems: PayloadProblems, path: string, value: unknown): void {
  if (!isInstant(value))
    problems.push(
      `${path}: must be an ISO-8601 timestamp with a time zone between 2000-01-01 and 2100-01-01`,
    );
}

export function expectOneOf(
  problems: PayloadProblems,
  path: string,
  value: unknown,
  allowed: readonly string[],
): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    problems.push(`${path}: must be one of ${allowed.join(', ')}`);
  }
}

export function expectText(
  problems: PayloadProblems,
  path: string,
  value: unknown,
  max = 200,
): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    problems.push(`${path}: must be a text of 1 to ${max} characters`);
  }
}

/**
 * Validates a carmaker's nested object by what we read from it, and keeps the fields we do not read:
 * carmakers add fields, and the verbatim payload is stored as evidence.
 */
export const IsVendorPayload = (
  check: (value: unknown) => PayloadProblems,
  apiOptions: ApiPropertyOptions,
) =>
  applyDecorators(
    ValidateBy({
      name: 'isVendorPayload',
      validator: {
        validate: (value: unknown) => check(value).length === 0,
        defaultMessage: (args) =>
          check(args?.value)
            .map((problem) => `${args?.property}.${problem}`)
            .join('; '),
      },
    }),
    ApiProperty(apiOptions),
  );
