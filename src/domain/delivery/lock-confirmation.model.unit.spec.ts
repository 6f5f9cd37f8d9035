import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { at, command, deliveryScheduled } from '../../../test/support/delivery-fixtures.js';
import { FIELDS_THE_LOCK_RULE_NEEDS } from '../../../test/support/lock-rule-oracle.js';
import type { Instant } from '../shared/instant.js';
import { DEFAULT_TIME_RULES } from '../shared/time-rules.js';
import type { ReportVehicleStatus, RequestLock } from './delivery.commands.js';
import { deliveryDecider } from '../../modules/delivery/delivery.stream.js';
import type { DeliveryEvent } from './delivery.events.js';
import type { DeliveryState } from './delivery.state.js';
import { CLOSURES, type DeliveryTarget, type StatusField, WINDOWS } from './delivery.vocabulary.js';
import { CLOCK_SAMPLES_KEPT } from './source-clock.js';

/**
 * The lock rule against a model car whose clock is off by a true offset it does not tell: each read
 * is taken at a true moment, stamped by the car's clock, and arrives after a random latency. The model
 * knows the true moments; the ledger sees only stamps and its own clock. Seeded like the other model
 * tests: MODEL_SEED=<seed> replays a failure, MODEL_RUNS sets how many cars.
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 500);
const SEED = Number(process.env.MODEL_SEED ?? 20261125);

const { lockAnchorToleranceS, maxFutureSkewS } = DEFAULT_TIME_RULES;
const LOCK_REQUEST = Date.parse(at('14:05:00'));
/** Most reads arrive within seconds; some are held up (a car in a garage) long enough to arrive after the lock request. */
const USUAL_LATENCY_MS = 8_000;
const LONG_LATENCY_MS = 40_000;
const MAX_OFFSET_MS = 20_000;
const instant = (ms: number): Instant => new Date(ms).toISOString();

type Field = StatusField;

const NEEDED = FIELDS_THE_LOCK_RULE_NEEDS;

/** One field as the car read it: its value, and how long before the read it was cached. */
interface FieldRead {
  readonly field: Field;
  readonly value: string;
  readonly cachedMs: number;
}

/** One read of the car: taken at a true moment, arriving after a latency; maybe one field stamped far ahead. */
interface CarRead {
  readonly trueAt: number;
  readonly latencyMs: number;
  readonly fields: readonly FieldRead[];
  readonly futureField: { readonly index: number; readonly aheadS: number } | null;
}

const fieldRead = (field: Field): fc.Arbitrary<FieldRead> =>
  fc.record({
    field: fc.constant(field),
    value:
      field === 'centralLock'
        ? fc.constantFrom('LOCKED', 'LOCKED', 'UNLOCKED', 'UNKNOWN')
        : fc.constantFrom('closed', 'closed', 'closed', 'open', 'unknown'),
    // The central lock is read at the moment of the read; other values may be cached from before.
    cachedMs:
      field === 'centralLock'
        ? fc.constant(0)
        : fc.oneof({ arbitrary: fc.constant(0), weight: 12 }, fc.integer({ min: 0, max: 400_000 })),
  });

const carRead = (fromMs: number, toMs: number, future: boolean): fc.Arbitrary<CarRead> =>
  fc.record({
    trueAt: fc.integer({ min: fromMs, max: toMs }),
    latencyMs: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: USUAL_LATENCY_MS }), weight: 4 },
      fc.integer({ min: USUAL_LATENCY_MS, max: LONG_LATENCY_MS }),
    ),
    fields: fc.oneof(
      fc
        .subarray([...CLOSURES, ...WINDOWS] as Field[])
        .chain((fields) => fc.tuple(...(['centralLock', ...fields] as Field[]).map(fieldRead))),
      // A car that reports itself secured: everything locked and closed, some values cached.
      fc.tuple(
        ...(['centralLock', ...CLOSURES, ...WINDOWS] as Field[]).map((field) =>
          fieldRead(field).map((f) => ({
            ...f,
            value: field === 'centralLock' ? 'LOCKED' : 'closed',
          })),
        ),
      ),
    ),
    futureField: future
      ? fc.option(
          fc.record({
            index: fc.nat(),
            aheadS: fc.integer({ min: maxFutureSkewS + 1, max: 10_000_000 }),
          }),
          { freq: 4 },
        )
      : fc.constant(null),
  });

/** The status report the car's read becomes, in the ledger's terms (a Volvo: every field stamped). */
function report(read: CarRead, offsetMs: number): ReportVehicleStatus {
  const arrival = read.trueAt + read.latencyMs;
  const stamp = (f: FieldRead, i: number) =>
    read.futureField && read.futureField.index % read.fields.length === i
      ? instant(arrival + read.futureField.aheadS * 1000)
      : instant(read.trueAt - f.cachedMs + offsetMs);
  const closures: Record<string, string> = {};
  const windows: Record<string, string> = {};
  const fieldTimes: Record<string, Instant> = {};
  read.fields.forEach((f, i) => {
    fieldTimes[f.field] = stamp(f, i);
    if ((CLOSURES as readonly string[]).includes(f.field)) closures[f.field] = f.value;
    if ((WINDOWS as readonly string[]).includes(f.field)) windows[f.field] = f.value;
  });
  return command<ReportVehicleStatus>(
    'ReportVehicleStatus',
    {
      vendor: 'volvo',
      statusTimestamp: fieldTimes.centralLock!,
      centralLock: read.fields[0]!.value as 'LOCKED',
      closures,
      windows,
      fieldTimes,
      contradictions: [],
      raw: { data: {} },
    },
    instant(arrival),
  );
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

type Arrival = { kind: 'lock-request'; at: number } | { kind: 'read'; at: number; read: CarRead };

interface Car {
  readonly target: DeliveryTarget;
  readonly offsetMs: number;
  readonly reads: readonly CarRead[];
}

/** The reads and the lock request in the order the ledger receives them. */
const arrivals = (car: Car): Arrival[] =>
  [
    { kind: 'lock-request' as const, at: LOCK_REQUEST },
    ...car.reads.map((read) => ({
      kind: 'read' as const,
      at: read.trueAt + read.latencyMs,
      read,
    })),
  ].sort((a, b) => a.at - b.at || (a.kind === 'lock-request' ? -1 : 1));

function apply(state: DeliveryState, events: readonly DeliveryEvent[]): DeliveryState {
  return events.reduce((s, e) => deliveryDecider.evolve(s, e), state);
}

const scheduled = (target: DeliveryTarget) =>
  apply(deliveryDecider.initialState(), [deliveryScheduled({ target })]);

const requestLock = (now: number) =>
  command<RequestLock>('RequestLock', { commandId: 'cmd-lock-1' }, instant(now));

/**
 * Drives a car's reads through the decider; `onRead` sees each read with what the model knows: the
 * true moment each field known so far was read, and how far off the ledger's estimate of the car's
 * offset can be. The estimate is the median of (arrival − stamp) = latency − offset over the recent
 * reads, clamped, so it is off by at most their median latency; before any read, by the whole offset.
 */
function drive(
  car: Car,
  onRead: (step: {
    read: CarRead;
    decided: readonly DeliveryEvent[];
    known: ReadonlyMap<Field, { value: string; trueAt: number }>;
    correctionErrorMs: number;
  }) => void,
): DeliveryState {
  let state = scheduled(car.target);
  const known = new Map<Field, { value: string; trueAt: number }>();
  const latencies: number[] = [];
  for (const arrival of arrivals(car)) {
    if (arrival.kind === 'lock-request') {
      state = apply(state, deliveryDecider.decide(requestLock(arrival.at), state));
      continue;
    }
    const { read } = arrival;
    const decided = deliveryDecider.decide(report(read, car.offsetMs), state);
    const next = new Map(known);
    if (!read.futureField) {
      for (const f of read.fields) {
        const trueAt = read.trueAt - f.cachedMs;
        const current = next.get(f.field);
        if (!current || trueAt > current.trueAt) next.set(f.field, { value: f.value, trueAt });
      }
    }
    const correctionErrorMs =
      latencies.length > 0 ? median(latencies.slice(-CLOCK_SAMPLES_KEPT)) : Math.abs(car.offsetMs);
    onRead({ read, decided, known: next, correctionErrorMs });
    state = apply(state, decided);
    if (!read.futureField) {
      known.clear();
      next.forEach((v, k) => known.set(k, v));
      latencies.push(read.latencyMs);
    }
  }
  return state;
}

const confirms = (events: readonly DeliveryEvent[]) =>
  events.some((e) => e.type === 'LockConfirmed');

const carArbitrary = (offsetMs: fc.Arbitrary<number>): fc.Arbitrary<Car> =>
  fc.record({
    target: fc.constantFrom<DeliveryTarget>('trunk', 'cabin'),
    offsetMs,
    reads: fc.array(carRead(LOCK_REQUEST - 240_000, LOCK_REQUEST + 120_000, true), {
      maxLength: 8,
    }),
  });

describe('the lock rule against a car with an unknown clock offset', () => {
  it('never confirms from a field truly read before the lock request minus the tolerance and the correction error', () => {
    let confirmations = 0;
    fc.assert(
      fc.property(carArbitrary(fc.integer({ min: -MAX_OFFSET_MS, max: MAX_OFFSET_MS })), (car) => {
        drive(car, ({ decided, known, correctionErrorMs }) => {
          if (!confirms(decided)) return;
          confirmations += 1;
          const earliest = LOCK_REQUEST - lockAnchorToleranceS * 1000 - correctionErrorMs;
          const relied = new Set<Field>([
            ...NEEDED[car.target],
            ...[...known.keys()].filter((f) => (WINDOWS as readonly string[]).includes(f)),
          ]);
          for (const field of relied) {
            const reading = known.get(field);
            expect(reading).toBeDefined();
            expect(reading!.trueAt).toBeGreaterThan(earliest);
          }
          expect(known.get('centralLock')!.value).toBe('LOCKED');
          expect([...known.values()].filter((r) => r.value === 'open')).toEqual([]);
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The property is about confirmations: the cars must give some.
    expect(confirmations).toBeGreaterThan(RUNS / 20);
  });

  it('never confirms from a read with a field stamped beyond the maximum future skew', () => {
    let futureReads = 0;
    fc.assert(
      fc.property(carArbitrary(fc.integer({ min: -MAX_OFFSET_MS, max: MAX_OFFSET_MS })), (car) => {
        drive(car, ({ read, decided }) => {
          if (!read.futureField) return;
          futureReads += 1;
          expect(decided.map((e) => e.type)).toEqual(['VehicleStatusReported']);
          expect(decided[0]!.data).toMatchObject({ lockVerdict: 'timestamp_in_future' });
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(futureReads).toBeGreaterThan(RUNS / 5);
  });

  it('always confirms an honest car within the tolerance once a fresh read shows it locked', () => {
    const tolerance = lockAnchorToleranceS * 1000;
    fc.assert(
      fc.property(
        carArbitrary(fc.integer({ min: -tolerance + 1, max: tolerance - 1 })),
        fc.integer({ min: 0, max: 30_000 }),
        fc.integer({ min: 0, max: USUAL_LATENCY_MS }),
        (car, afterMs, latencyMs) => {
          // Read after the lock request and after every other read has arrived: it arrives last.
          const latest = Math.max(LOCK_REQUEST, ...car.reads.map((r) => r.trueAt + r.latencyMs));
          const honest: CarRead = {
            trueAt: latest + 1 + afterMs,
            latencyMs,
            fields: (['centralLock', ...CLOSURES, ...WINDOWS] as Field[]).map((field) => ({
              field,
              value: field === 'centralLock' ? 'LOCKED' : 'closed',
              cachedMs: 0,
            })),
            futureField: null,
          };
          const state = drive({ ...car, reads: [...car.reads, honest] }, () => undefined);
          expect(state.lockConfirmation).toMatchObject({ commandId: 'cmd-lock-1' });
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
