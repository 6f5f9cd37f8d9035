import type { DataSubjectKind } from '../domain/shared/personal-data.js';

/** A data subject's key, unwrapped, for one scope of their data. */
export interface DataKey {
  /** The scope's name, as `keyScopeName` encodes it. */
  readonly scope: string;
  /** The subject the key belongs to: the customer, or for a courier scope the courier. */
  readonly customerId: string;
  /** 32 bytes, AES-256-GCM. */
  readonly key: Buffer;
}

/**
 * What a data key covers: one delivery, or one customer's link to one car (the customer's data); or
 * one courier's data on one delivery (their positions and name there: the courier's data).
 */
export type KeyScope =
  | { readonly kind: 'delivery'; readonly deliveryId: string }
  | { readonly kind: 'vehicle'; readonly vehicleId: string; readonly customerId: string }
  | { readonly kind: 'courier'; readonly courierId: string; readonly deliveryId: string };

/** Whose data a scope's key seals: a courier scope's is the courier's, every other the customer's. */
export const subjectKindOfScope = (name: string): DataSubjectKind =>
  parseKeyScope(name)?.kind === 'courier' ? 'courier' : 'customer';

/** Each id with its length first (`/6:car:vv`): ids may hold any character, separators included. */
const lengthPrefixed = (ids: readonly string[]) => ids.map((id) => `/${id.length}:${id}`).join('');

/**
 * The scope's name, never the same for two different scopes. A delivery keeps the name it always had
 * (`delivery:{id}`: one id, after a kind no other name starts with); a scope of several ids names each
 * with its length (`vehicle/6:car:vv/2:zz`), so no id can borrow a separator from the next.
 */
export function keyScopeName(scope: KeyScope): string {
  switch (scope.kind) {
    case 'delivery':
      return `delivery:${scope.deliveryId}`;
    case 'vehicle':
      return `vehicle${lengthPrefixed([scope.vehicleId, scope.customerId])}`;
    case 'courier':
      return `courier${lengthPrefixed([scope.courierId, scope.deliveryId])}`;
    default: {
      const _exhaustive: never = scope;
      return _exhaustive;
    }
  }
}

/** The ids of a length-prefixed name, or null when it is not one. */
function readLengthPrefixed(rest: string): string[] | null {
  const ids: string[] = [];
  let at = 0;
  while (at < rest.length) {
    const match = /^\/(0|[1-9]\d*):/.exec(rest.slice(at));
    if (!match) return null;
    const start = at + match[0].length;
    const end = start + Number(match[1]);
    if (end > rest.length) return null;
    ids.push(rest.slice(start, end));
    at = end;
  }
  return ids;
}

/** The scope a name stands for; null for a name no scope has (a name from before, for one). */
export function parseKeyScope(name: string): KeyScope | null {
  if (name.startsWith('delivery:')) return { kind: 'delivery', deliveryId: name.slice(9) };
  if (name.startsWith('vehicle/')) {
    const ids = readLengthPrefixed(name.slice('vehicle'.length));
    if (ids?.length === 2) return { kind: 'vehicle', vehicleId: ids[0]!, customerId: ids[1]! };
  }
  if (name.startsWith('courier/')) {
    const ids = readLengthPrefixed(name.slice('courier'.length));
    if (ids?.length === 2) return { kind: 'courier', courierId: ids[0]!, deliveryId: ids[1]! };
  }
  return null;
}

export const deliveryKeyScope = (deliveryId: string) =>
  keyScopeName({ kind: 'delivery', deliveryId });
export const vehicleKeyScope = (vehicleId: string, customerId: string) =>
  keyScopeName({ kind: 'vehicle', vehicleId, customerId });
export const courierKeyScope = (courierId: string, deliveryId: string) =>
  keyScopeName({ kind: 'courier', courierId, deliveryId });

/**
 * The name a vehicle scope had before scopes were length-prefixed (`vehicle:{vehicleId}:{customerId}`):
 * ambiguous, so it is only ever read, to open fields sealed before, never written.
 */
export const legacyVehicleKeyScope = (vehicleId: string, customerId: string) =>
  `vehicle:${vehicleId}:${customerId}`;

export const isLegacyVehicleKeyScope = (name: string) => name.startsWith('vehicle:');
