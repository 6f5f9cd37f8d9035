import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';

import { CodedError } from '../../domain/shared/coded-error.js';
import { EventStoreUnavailableError } from '../../event-store/event-store.errors.js';
import { asUnavailable } from './postgres-errors.js';

class Timeout extends CodedError {}

const serverError = (code: string) =>
  Object.assign(new pg.DatabaseError('failed', 0, 'error'), { code });
const throughTypeorm = (error: Error) => new QueryFailedError('SELECT 1', [], error);

describe('a database error outside the event store', () => {
  it('is the ledger unavailable when the server went away under the query', () => {
    for (const error of [
      throughTypeorm(serverError('57P01')),
      throughTypeorm(new Error('Connection terminated unexpectedly')),
      serverError('08006'),
      throughTypeorm(serverError('53300')),
    ])
      expect(asUnavailable(error)).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('stays what it is when the statement failed, or when it did not come from the database', () => {
    const unique = throughTypeorm(serverError('23505'));
    const mistyped = serverError('42P01');
    const domain = new Timeout('REQUEST.TIMEOUT', 503, 'connection timeout');
    const plain = new Error('socket timeout while reading a file');
    for (const error of [unique, mistyped, domain, plain]) expect(asUnavailable(error)).toBe(error);
  });
});
