import { isVehicleEventType } from '../domain/vehicle/vehicle.events.js';
import { isLegacyVehicleKeyScope, legacyVehicleKeyScope, vehicleKeyScope } from './data-key.js';
import { isEncryptedField } from './field-cipher.js';

/**
 * A vehicle event sealed before scopes were length-prefixed names its key `vehicle:{id}:{customer}`,
 * which two links could share. The event itself says which link it is (its vehicleId and
 * customerId): its fields are read as sealed under that link's own scope. Stored events never change;
 * only the copy being opened is renamed.
 */
export function withCurrentKeyScopes<T>(type: string, data: T): T {
  if (!isVehicleEventType(type) || typeof data !== 'object' || data === null) return data;
  const { vehicleId, customerId } = data as { vehicleId?: unknown; customerId?: unknown };
  if (typeof vehicleId !== 'string' || typeof customerId !== 'string') return data;
  const oldName = legacyVehicleKeyScope(vehicleId, customerId);
  const renamed = (value: unknown): unknown => {
    if (isEncryptedField(value))
      return isLegacyVehicleKeyScope(value.key) && value.key === oldName
        ? { ...value, key: vehicleKeyScope(vehicleId, customerId) }
        : value;
    if (Array.isArray(value)) return value.map(renamed);
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(
        Object.entries(value).map(([name, inner]) => [name, renamed(inner)]),
      );
    return value;
  };
  return renamed(data) as T;
}
