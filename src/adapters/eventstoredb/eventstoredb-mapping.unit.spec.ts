import { describe, expect, it } from '@jest/globals';
import {
  AccessDeniedError,
  NO_STREAM,
  NotLeaderError,
  START,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Metadata } from '@grpc/grpc-js';

import { canonicalAppendTexts } from '../../event-store/canonical-event.js';
import { EventStoreUnavailableError } from '../../event-store/event-store.errors.js';
import {
  isTransient,
  LedgerStreamDeletedError,
  translateEsdbError,
  withRetries,
} from './eventstoredb-errors.js';
import {
  appendRevision,
  isKeytrailEvent,
  portPosition,
  readPosition,
  recordedEventOf,
} from './eventstoredb-mapping.js';
import { appendContext } from '../../../test/support/ledger-events.js';

const serviceError = (details: string) => {
  const metadata = new Metadata();
  metadata.set('stream-name', 'delivery-d-1');
  metadata.set('leader-endpoint-host', 'node-2');
  metadata.set('leader-endpoint-port', '2113');
  return Object.assign(new Error(details), { code: 14, details, metadata }) as never;
};

const context = appendContext;
const [canonical] = canonicalAppendTexts(
  'delivery-d-1',
  [
    {
      eventId: 'e-1',
      type: 'ClosureOpened',
      schemaVersion: 1,
      data: { closure: 'trunk' },
      context,
    },
  ],
  '2026-11-25T14:02:12.000Z',
  null,
);

const stored = (overrides: object = {}) =>
  ({
    streamId: 'delivery-d-1',
    id: 'e-1',
    isJson: false,
    revision: 3n,
    type: 'ClosureOpened',
    created: new Date(),
    data: Buffer.from(canonical!, 'utf8'),
    metadata: { hash: 'ab'.repeat(32) },
    position: { commit: 1042n, prepare: 1042n },
    ...overrides,
  }) as never;

describe('EventStoreDB mapping', () => {
  it('reads a global position from a $all commit position, and refuses what it cannot address', () => {
    expect(portPosition({ commit: 1042n, prepare: 1042n })).toBe(1042);
    expect(() => portPosition({ commit: 2000n, prepare: 1900n })).toThrow(/explicit transaction/);
    expect(() => portPosition({ commit: 2n ** 60n, prepare: 2n ** 60n })).toThrow(/beyond/);
  });

  it('starts $all reads at the start for position 0 and at commit = prepare otherwise', () => {
    expect(readPosition(0)).toBe(START);
    expect(readPosition(1042)).toEqual({ commit: 1042n, prepare: 1042n });
  });

  it('appends at the exact revision read, or to no stream', () => {
    expect(appendRevision(-1)).toBe(NO_STREAM);
    expect(appendRevision(4)).toBe(4n);
  });

  it('turns a stored event back into the same record, with revision, position and hash', () => {
    expect(recordedEventOf(stored())).toEqual({
      type: 'ClosureOpened',
      data: { closure: 'trunk' },
      metadata: {
        ...context,
        recordedAt: '2026-11-25T14:02:12.000Z',
        idempotencyKey: null,
        eventId: 'e-1',
        streamId: 'delivery-d-1',
        schemaVersion: 1,
        globalPosition: 1042,
        streamRevision: 3,
        hash: 'ab'.repeat(32),
      },
    });
  });

  it('refuses events keytrail did not write, or without a position (servers before 22.10)', () => {
    expect(() => recordedEventOf(stored({ isJson: true, data: {} }))).toThrow(
      /not written by keytrail/,
    );
    expect(() => recordedEventOf(stored({ metadata: {} }))).toThrow(/no hash/);
    expect(() => recordedEventOf(stored({ position: undefined }))).toThrow(/22.10/);
  });

  it('passes over system events and other streams in $all', () => {
    expect(isKeytrailEvent({ streamId: 'delivery-d-1', type: 'ClosureOpened' })).toBe(true);
    expect(isKeytrailEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(
      false,
    );
    expect(isKeytrailEvent({ streamId: 'orders-1', type: 'OrderPlaced' })).toBe(false);
  });
});

describe('EventStoreDB errors', () => {
  it('answers a deleted stream as a ledger no longer whole, and outages and access as unavailable', () => {
    expect(translateEsdbError(new StreamDeletedError(serviceError('deleted')))).toBeInstanceOf(
      LedgerStreamDeletedError,
    );
    expect(translateEsdbError(new UnavailableError(serviceError('down')))).toBeInstanceOf(
      EventStoreUnavailableError,
    );
    expect(translateEsdbError(new AccessDeniedError(serviceError('denied')))).toBeInstanceOf(
      EventStoreUnavailableError,
    );
    const conflict = new WrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 3n,
      current: 5n,
    });
    expect(translateEsdbError(conflict)).toBe(conflict);
  });

  it('retries only what may pass, with backoff', async () => {
    expect(isTransient(new NotLeaderError(serviceError('not leader')))).toBe(true);
    expect(isTransient(new AccessDeniedError(serviceError('denied')))).toBe(false);
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          if (calls < 3) throw new UnavailableError(serviceError('down'));
          return 'read';
        },
        4,
        1,
      ),
    ).resolves.toBe('read');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw new AccessDeniedError(serviceError('denied'));
        },
        4,
        1,
      ),
    ).rejects.toBeInstanceOf(AccessDeniedError);
    expect(calls).toBe(1);
  });
});
