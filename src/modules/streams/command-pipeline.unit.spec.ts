import { randomBytes } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { InMemoryEventStore } from '../../../test/support/in-memory-event-store.js';
import { SettableClock } from '../../../test/support/settable-clock.js';
import type { DeliveryCommand } from '../../domain/delivery/delivery.commands.js';
import { DeliveryNotFound } from '../../domain/delivery/delivery.errors.js';
import { DEFAULT_TIME_RULES } from '../../domain/shared/time-rules.js';
import {
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '../../event-store/event-store.errors.js';
import type { CommandRequest } from '../../http/command-request.js';
import { HttpProblem } from '../../http/error-body.js';
import { LedgerMetrics } from '../../observability/ledger-metrics.js';
import type { DataKeyStore, DataSubject, StoredDataKey } from '../../privacy/data-key-store.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { LocalKeyEncryptionKeys } from '../../privacy/key-encryption.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { Pseudonyms } from '../../privacy/pseudonyms.js';
import { ConnectorRefusalLimiter } from '../auth/connector-refusal-limiter.js';
import type { Principal } from '../auth/principal.js';
import { CommandPipeline, type CommandInput } from './command-pipeline.js';
import { deliveryStream } from '../delivery/delivery.stream.js';
import { subjectStream } from './subject.stream.js';
import { vehicleStream } from './vehicle.stream.js';

class InMemoryDataKeyStore implements DataKeyStore {
  private readonly keys = new Map<string, StoredDataKey>();
  async insertIfAbsent(key: Omit<StoredDataKey, 'destroyedAt' | 'destroyedFor' | 'wrappedUnder'>) {
    const stored = this.keys.get(key.scope) ?? {
      ...key,
      destroyedAt: null,
      destroyedFor: null,
      wrappedUnder: null,
    };
    this.keys.set(key.scope, stored);
    return stored;
  }
  async find(scope: string) {
    return this.keys.get(scope) ?? null;
  }
  async destroy(): Promise<string[]> {
    return [];
  }
  async keysOf(subject: DataSubject) {
    return [...this.keys.values()].filter(
      (key) => key.customerId === subject.id && key.subjectKind === subject.kind,
    );
  }
  async liveCourierScopesOf(): Promise<string[]> {
    return [];
  }
}

const NOW = '2026-03-01T10:00:00.000Z';
const service: Principal = { id: 'svc-delivery', role: 'delivery-service' };

const KEK = new LocalKeyEncryptionKeys(new Map([['kek-test', randomBytes(32)]]));

/** A pipeline as one process has it; two on one store are two processes on one ledger. */
function pipeline(
  store = new InMemoryEventStore(),
  options: { keyStore?: DataKeyStore; cacheTtlMs?: number } = {},
) {
  const dataKeys = new DataKeys(options.keyStore ?? new InMemoryDataKeyStore(), KEK, {
    cacheTtlMs: options.cacheTtlMs ?? 30_000,
  });
  const subject = new CommandPipeline(
    store.asEventStore(),
    new SettableClock(NOW),
    dataKeys,
    new PersonalDataVault(dataKeys),
    new Pseudonyms(randomBytes(32)),
    new LedgerMetrics({ processMetrics: false }),
    DEFAULT_TIME_RULES,
    new ConnectorRefusalLimiter(),
  );
  return { store, pipeline: subject, dataKeys };
}

const request = (principal: Principal, idempotencyKey: string | null = null): CommandRequest => ({
  principal,
  idempotencyKey,
  correlationId: 'corr-1',
  requestId: 'req-1',
});

const schedule = (deliveryId = 'd-1', by = service): CommandInput<DeliveryCommand> => ({
  id: deliveryId,
  request: request(by),
  naturalKey: 'schedule',
  command: {
    type: 'ScheduleDelivery',
    data: {
      deliveryId,
      orderId: 'o-1',
      customerId: 'cust-1',
      vehicleId: 'v-1',
      vendor: 'volvo',
      window: { from: '2026-03-01T09:00:00.000Z', to: '2026-03-01T18:00:00.000Z' },
      target: 'trunk',
    },
  },
});

const declareLocation = (by: Principal, idempotencyKey: string | null = null) => ({
  id: 'd-1',
  request: request(by, idempotencyKey),
  command: {
    type: 'DeclareVehicleLocation' as const,
    data: { description: 'blue car by the bakery', position: { lat: 59.33, lon: 18.06 } },
  },
});

const caught = async (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => null,
    (e) => e,
  );

describe('the command pipeline', () => {
  it('appends what the decider decided at the revision it read, with the request as context', async () => {
    const { store, pipeline: commands } = pipeline();
    const result = await commands.handle(deliveryStream, schedule());
    expect(result.replayed).toBe(false);
    expect(result.events.map((e) => e.type)).toEqual(['DeliveryScheduled']);
    const [stored] = await store.readStream('delivery-d-1');
    expect(stored?.metadata).toMatchObject({
      streamRevision: 0,
      schemaVersion: 1,
      occurredAt: NOW,
      source: 'api',
      actor: service,
      correlationId: 'corr-1',
      causationId: 'req-1',
      idempotencyKey: 'schedule',
    });
    expect(result.state.phase).toBe('open');
  });

  it('answers a retry under the same key with what the first request stored, storing nothing new', async () => {
    const { store, pipeline: commands } = pipeline();
    const first = await commands.handle(deliveryStream, schedule());
    const retry = await commands.handle(deliveryStream, schedule());
    expect(retry.replayed).toBe(true);
    expect(retry.events).toEqual(first.events);
    expect(await store.readStream('delivery-d-1')).toHaveLength(1);
  });

  it('refuses an Idempotency-Key reused for another request', async () => {
    const { pipeline: commands } = pipeline();
    await commands.handle(deliveryStream, schedule());
    await commands.handle(deliveryStream, declareLocation(service, 'key-1'));
    const other = declareLocation(service, 'key-1');
    const reused = {
      ...other,
      command: { ...other.command, data: { ...other.command.data, description: 'elsewhere' } },
    };
    expect(await caught(commands.handle(deliveryStream, reused))).toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
  });

  it('seals personal fields before they are stored, and opens them for the next decision', async () => {
    const { store, pipeline: commands } = pipeline();
    await commands.handle(deliveryStream, schedule());
    const centre = { lat: 59.334591, lon: 18.06324 };
    await commands.handle(deliveryStream, {
      id: 'd-1',
      request: request(service),
      command: {
        type: 'GrantAccess',
        data: {
          grantId: 'g-1',
          courierId: 'c-1',
          notBefore: '2026-03-01T09:30:00.000Z',
          notAfter: '2026-03-01T10:30:00.000Z',
          geofence: { center: centre, radiusM: 50 },
          scope: 'trunk',
          singleUse: true,
          nonce: 'grant-nonce-1',
        },
      },
    });
    const [, granted] = await store.readStream('delivery-d-1');
    expect(JSON.stringify(granted?.data)).not.toContain('59.334591');
    // Were the sealed centre not opened, the unlock would be denied as outside the geofence.
    const unlock = await commands.handle(deliveryStream, {
      id: 'd-1',
      request: request(service),
      command: {
        type: 'RequestUnlock',
        data: {
          grantId: 'g-1',
          courierId: 'c-1',
          courierPosition: centre,
          commandId: 'cmd-1',
          nonce: 'unlock-nonce-1',
        },
      },
    });
    expect(unlock.events.map((e) => e.type)).toEqual(['UnlockRequested']);
  });

  it('answers a delivery that does not exist, and a customer reaching for another’s, as not found', async () => {
    const { store, pipeline: commands } = pipeline();
    expect(await caught(commands.handle(deliveryStream, declareLocation(service)))).toBeInstanceOf(
      DeliveryNotFound,
    );
    await commands.handle(deliveryStream, schedule());
    const stranger: Principal = { id: 'cust-2', role: 'customer' };
    expect(await caught(commands.handle(deliveryStream, declareLocation(stranger)))).toBeInstanceOf(
      DeliveryNotFound,
    );
    await commands.handle(deliveryStream, declareLocation({ id: 'cust-1', role: 'customer' }));
    expect(await store.readStream('delivery-d-1')).toHaveLength(2);
  });

  it('refuses a connector of another carmaker before anything is stored', async () => {
    const { store, pipeline: commands } = pipeline();
    await commands.handle(deliveryStream, schedule());
    const gm: Principal = { id: 'conn-gm', role: 'oem-connector', vendor: 'gm' };
    const refused = await caught(commands.handle(deliveryStream, declareLocation(gm)));
    expect(refused).toBeInstanceOf(HttpProblem);
    expect(refused).toMatchObject({ code: 'ACCESS.WRONG_VENDOR' });
    expect(await store.readStream('delivery-d-1')).toHaveLength(1);
  });

  it('stores nothing when another writer moved the stream on since it was read', async () => {
    const { store, pipeline: commands } = pipeline();
    await commands.handle(deliveryStream, schedule());
    store.beforeNextAppend = async () => {
      await commands.handle(deliveryStream, declareLocation(service));
    };
    expect(await caught(commands.handle(deliveryStream, declareLocation(service)))).toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(await store.readStream('delivery-d-1')).toHaveLength(2);
  });

  it('decides again after a conflict when the command allows more attempts', async () => {
    const { store, pipeline: commands } = pipeline();
    const hold = (caseId: string) => ({
      id: 'cust-1',
      request: request({ id: 'inv-1', role: 'investigator' }),
      command: {
        type: 'PlaceLegalHold' as const,
        // The case's term: a hold ends with its case.
        data: { customerId: 'cust-1', caseId, until: '2099-01-01T00:00:00.000Z', reason: null },
      },
      attempts: 2,
    });
    store.beforeNextAppend = async () => {
      await commands.handle(subjectStream, hold('case-a'));
    };
    await commands.handle(subjectStream, hold('case-b'));
    const stored = await store.readStream('subject-cust-1');
    expect(stored.map((e) => (e.data as { caseId: string }).caseId)).toEqual(['case-a', 'case-b']);
  });

  it('lets a customer link only their own car', async () => {
    const { store, pipeline: commands } = pipeline();
    const link = (customerId: string) => ({
      id: 'v-1',
      request: request({ id: 'cust-1', role: 'customer' }),
      command: {
        type: 'LinkVehicle' as const,
        data: {
          vehicleId: 'v-1',
          customerId,
          plate: 'ABC 123',
          make: 'Volvo',
          model: 'XC40',
          colour: 'blue',
          photo: null,
          driveSide: 'left' as const,
        },
      },
    });
    expect(await caught(commands.handle(vehicleStream, link('cust-2')))).toMatchObject({
      code: 'ACCESS.NOT_YOURS',
    });
    await commands.handle(vehicleStream, link('cust-1'));
    const [linked] = await store.readStream('vehicle-v-1');
    expect(JSON.stringify(linked?.data)).not.toContain('ABC 123');
  });
});

describe('the command pipeline between commands on one stream', () => {
  const investigator: Principal = { id: 'inv-1', role: 'investigator' };
  const hold = (caseId: string) => ({
    id: 'cust-1',
    request: request(investigator),
    command: {
      type: 'PlaceLegalHold' as const,
      data: { customerId: 'cust-1', caseId, until: '2099-01-01T00:00:00.000Z', reason: null },
    },
  });
  const release = (caseId: string) => ({
    id: 'cust-1',
    request: request(investigator),
    command: { type: 'ReleaseLegalHold' as const, data: { customerId: 'cust-1', caseId } },
  });

  it('keeps what the last command left: the next one reads nothing, and decides the same', async () => {
    const keyStore = new InMemoryDataKeyStore();
    const { store, pipeline: commands } = pipeline(new InMemoryEventStore(), { keyStore });
    await commands.handle(deliveryStream, schedule());
    const reads = store.reads;
    const result = await commands.handle(deliveryStream, declareLocation(service));
    expect(store.reads).toBe(reads);
    expect(result.events.map((e) => e.metadata.streamRevision)).toEqual([1]);
    // The same command, decided on the stream as read by a process that kept nothing:
    const fresh = pipeline(store, { keyStore }).pipeline;
    const again = await fresh.handle(deliveryStream, declareLocation(service));
    expect(again.state).toEqual(
      (await commands.handle(deliveryStream, declareLocation(service))).state,
    );
  });

  it('decides again on the stream when another process stored events since: no conflict for the caller', async () => {
    const store = new InMemoryEventStore();
    const here = pipeline(store).pipeline;
    const elsewhere = pipeline(store).pipeline;
    await here.handle(subjectStream, hold('case-a'));
    await elsewhere.handle(subjectStream, hold('case-b'));
    await here.handle(subjectStream, hold('case-c'));
    const stored = await store.readStream('subject-cust-1');
    expect(stored.map((e) => (e.data as { caseId: string }).caseId)).toEqual([
      'case-a',
      'case-b',
      'case-c',
    ]);
  });

  it('does not answer "nothing to do" from a kept state the stream has moved past', async () => {
    const store = new InMemoryEventStore();
    const here = pipeline(store).pipeline;
    const elsewhere = pipeline(store).pipeline;
    await here.handle(subjectStream, hold('case-a'));
    // Kept here: no hold of case-b. Another process places it; releasing it here must release it.
    await elsewhere.handle(subjectStream, hold('case-b'));
    const released = await here.handle(subjectStream, release('case-b'));
    expect(released.events.map((e) => e.type)).toEqual(['LegalHoldReleased']);
    // Nothing to release, and nothing stored since: answered from the kept state, one short read.
    const reads = store.reads;
    expect((await here.handle(subjectStream, release('case-z'))).events).toEqual([]);
    expect(store.reads).toBe(reads + 1);
  });

  it('answers a retry kept as a retry, and a racing command of this process still 409', async () => {
    const { store, pipeline: commands } = pipeline();
    await commands.handle(deliveryStream, schedule());
    const first = await commands.handle(deliveryStream, declareLocation(service, 'key-1'));
    const retry = await commands.handle(deliveryStream, declareLocation(service, 'key-1'));
    expect(retry).toMatchObject({ replayed: true, events: first.events });
    store.beforeNextAppend = async () => {
      await commands.handle(deliveryStream, declareLocation(service));
    };
    expect(await caught(commands.handle(deliveryStream, declareLocation(service)))).toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(await store.readStream('delivery-d-1')).toHaveLength(3);
  });

  it('keeps no opened field past a key destroyed in this process, nor past the keys’ cache time', async () => {
    const { store, pipeline: commands, dataKeys } = pipeline();
    await commands.handle(deliveryStream, schedule());
    await dataKeys.destroy('cust-1', 'erasure');
    let reads = store.reads;
    await commands.handle(deliveryStream, declareLocation(service));
    expect(store.reads).toBe(reads + 1);

    const { store: other, pipeline: uncached } = pipeline(new InMemoryEventStore(), {
      cacheTtlMs: 0,
    });
    await uncached.handle(deliveryStream, schedule());
    reads = other.reads;
    await uncached.handle(deliveryStream, declareLocation(service));
    expect(other.reads).toBe(reads + 1);
  });
});
