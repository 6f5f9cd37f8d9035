import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Matches, ValidateBy } from 'class-validator';

import { isAcceptedEpochMillis } from '../../../domain/shared/time-rules.js';

/** Ids callers may choose (deliveryId, grantId, commandId…): letters, digits and . _ : - */
export const LEDGER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const IsLedgerId = (example = 'd-1042', options: ApiPropertyOptions = {}) =>
  applyDecorators(
    Matches(LEDGER_ID, {
      message: '$property must be 1–128 letters, digits, dots, underscores, colons or dashes',
    }),
    ApiProperty({ example, pattern: LEDGER_ID.source, ...options }),
  );

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** A timestamp with its zone, between 2000-01-01 and 2100-01-01: anything else is no source's clock. */
export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && INSTANT.test(value) && isAcceptedEpochMillis(Date.parse(value));

/** An ISO-8601 timestamp with its offset, stored as UTC with milliseconds. */
export const IsInstant = (example = '2026-11-25T14:02:05.000Z', options: ApiPropertyOptions = {}) =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      isInstant(value) ? new Date(value).toISOString() : value,
    ),
    ValidateBy({
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: () =>
          '$property must be an ISO-8601 timestamp with a time zone between 2000-01-01 and 2100-01-01, e.g. 2026-11-25T14:02:05Z',
      },
    }),
    ApiProperty({ example, format: 'date-time', ...options }),
  );
