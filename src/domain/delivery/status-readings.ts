import { isAfter } from '../shared/instant.js';
import type { VehicleStatusReported } from './delivery.events.js';
import type { FieldReading } from './delivery.state.js';
import type { StatusField } from './delivery.vocabulary.js';

type StatusRead = Pick<
  VehicleStatusReported['data'],
  'statusTimestamp' | 'centralLock' | 'closures' | 'windows' | 'fieldTimes'
>;
export type Readings = Readonly<Partial<Record<StatusField, FieldReading>>>;

/**
 * Every field a read reports, each with its own time. A read that names its fields' times reports
 * only those (a windows read says nothing of the lock); one recorded before fields had times reports
 * every field at its stamp.
 */
export function readingsOf(read: StatusRead): [StatusField, FieldReading][] {
  const stampedAsOne = Object.keys(read.fieldTimes).length === 0;
  const fields: [StatusField, string][] = [
    ['centralLock', read.centralLock],
    ...(Object.entries(read.closures) as [StatusField, string][]),
    ...(Object.entries(read.windows) as [StatusField, string][]),
  ];
  return fields.flatMap(([field, value]): [StatusField, FieldReading][] => {
    const at = stampedAsOne ? read.statusTimestamp : read.fieldTimes[field];
    return at === undefined ? [] : [[field, { value, at }]];
  });
}

/** A reading replaces what is known of its field only when the car read it later. */
export function mergeReadings(known: Readings, read: StatusRead): Readings {
  const merged: Partial<Record<StatusField, FieldReading>> = { ...known };
  for (const [field, reading] of readingsOf(read)) {
    const current = merged[field];
    if (!current || isAfter(reading.at, current.at)) merged[field] = reading;
  }
  return merged;
}
