import type { Actor } from '../shared/actor.js';
import type { Instant } from '../shared/instant.js';
import {
  DELIVERY_EVENT_SCHEMA_VERSIONS,
  type DeliveryEvent,
  type DeliveryEventType,
  isDeliveryEventType,
} from './delivery.events.js';
import { BLOCKER_ROLES, type BlockerRole } from './delivery.vocabulary.js';

/** What an upcaster may use besides the old data: the envelope of the stored event. */
export interface UpcastContext {
  readonly recordedAt: Instant;
  readonly occurredAt: Instant;
  /** Who the fact is recorded as coming from (absent where a caller has no envelope to give). */
  readonly actor?: Actor;
}

type Upcaster = (data: Record<string, unknown>, context: UpcastContext) => Record<string, unknown>;

const commandResultV2: Upcaster = (data) => ({
  ...data,
  vendorCommand: null,
  carmakerTimes: null,
  timeVerdict: null,
});

/** A v1 block or lift was made by its envelope's actor; before the service or an admin could, the customer. */
const blockerOf = ({ actor }: UpcastContext): BlockerRole =>
  (BLOCKER_ROLES as readonly string[]).includes(actor?.role ?? '')
    ? (actor!.role as BlockerRole)
    : 'customer';

/**
 * From version n to n + 1, per event type. Version 1 of these is the shape PRODUCT.md lists; version 2
 * added what the ledger needed since. Stored events are never rewritten: they are upcast on read.
 */
const UPCASTERS: Partial<Record<DeliveryEventType, Readonly<Record<number, Upcaster>>>> = {
  // v2 records when the lock was requested, the moment a status read must be stamped after.
  LockRequested: { 1: (data, { recordedAt }) => ({ ...data, requestedAt: recordedAt }) },
  // v2 records when the unlock was requested: the car may stand unlocked from then (car_left_unlocked).
  UnlockRequested: { 1: (data, { recordedAt }) => ({ ...data, requestedAt: recordedAt }) },
  // v2 records when the ledger was told where the car stands: a position is used only while fresh.
  VehicleLocationDeclared: { 1: (data, { recordedAt }) => ({ ...data, declaredAt: recordedAt }) },
  // v2 names who blocked, and who lifted the block with the reason given: whose block it is decides who may lift it.
  InCarDeliveryBlocked: { 1: (data, context) => ({ ...data, blockedBy: blockerOf(context) }) },
  InCarDeliveryAllowed: {
    1: (data, context) => ({ ...data, liftedBy: blockerOf(context), reason: null }),
  },
  // v2 may carry the courier's first name for the customer's view.
  CourierApproaching: { 1: (data) => ({ ...data, courierName: null }) },
  // v2 carries the geotag's distance outside the geofence; v1 events had the geotag in clear.
  // v3 may record a drop before its photo is uploaded; before v3 the photo was always held first.
  PackagePlaced: {
    1: (data) => ({ ...data, geotagBeyondGeofenceM: null }),
    2: (data) => ({ ...data, photoDueBy: null }),
  },
  // v2 of these carries the time discipline: what a fact's own timestamps were judged to be worth.
  UnlockCommandResult: { 1: commandResultV2 },
  LockCommandResult: { 1: commandResultV2 },
  ClosureOpened: { 1: (data) => ({ ...data, timeVerdict: null }) },
  ClosureClosed: { 1: (data) => ({ ...data, timeVerdict: null }) },
  VehicleStatusReported: {
    1: (data) => ({ ...data, windows: {}, fieldTimes: {}, contradictions: [], judgement: null }),
  },
  // v1 confirmations came from a status read, except GM's, which only ever acknowledges the command.
  LockConfirmed: {
    1: (data) => ({
      ...data,
      evidence: data.vendor === 'gm' ? 'command_acknowledged' : 'status_observed',
    }),
  },
};

export class UnknownSchemaVersionError extends Error {
  constructor(type: string, version: number) {
    super(
      `No way to read ${type} version ${version} (this keytrail reads up to ${DELIVERY_EVENT_SCHEMA_VERSIONS[type as DeliveryEventType]})`,
    );
    this.name = 'UnknownSchemaVersionError';
  }
}

/** A stored delivery event in the current shape, whatever version it was written in. */
export function upcastDeliveryEvent(
  type: DeliveryEventType,
  schemaVersion: number,
  data: unknown,
  context: UpcastContext,
): DeliveryEvent {
  const current = DELIVERY_EVENT_SCHEMA_VERSIONS[type];
  let upcast = data as Record<string, unknown>;
  for (let version = schemaVersion; version < current; version += 1) {
    const step = UPCASTERS[type]?.[version];
    if (!step) throw new UnknownSchemaVersionError(type, schemaVersion);
    upcast = step(upcast, context);
  }
  if (schemaVersion > current || schemaVersion < 1)
    throw new UnknownSchemaVersionError(type, schemaVersion);
  return { type, data: upcast } as DeliveryEvent;
}

/** The part of a stored event that reading it back needs (a RecordedEvent has it). */
export interface StoredDeliveryEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: UpcastContext & { readonly schemaVersion: number; readonly streamId: string };
}

/** A stored event as a domain event; a type the domain does not know means a corrupt stream. */
export function fromStoredEvent(stored: StoredDeliveryEvent): DeliveryEvent {
  if (!isDeliveryEventType(stored.type)) {
    throw new Error(`Unknown event type ${stored.type} in ${stored.metadata.streamId}`);
  }
  return upcastDeliveryEvent(
    stored.type,
    stored.metadata.schemaVersion,
    stored.data,
    stored.metadata,
  );
}
