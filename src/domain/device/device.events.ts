import type { Instant } from '../shared/instant.js';
import type { DomainEvent } from '../shared/message.js';

/** Stream `device-{deviceId}`: a courier's device and the key it signs drop receipts with. */
export const deviceStreamId = (deviceId: string): string => `device-${deviceId}`;

/** The signature algorithms of RFC 9421 keytrail verifies (as for the carmakers' connectors). */
export type DeviceKeyAlgorithm = 'ed25519' | 'ecdsa-p256-sha256';

export type DeviceRegistered = DomainEvent<
  'DeviceRegistered',
  {
    deviceId: string;
    courierId: string;
    algorithm: DeviceKeyAlgorithm;
    /** Base64 of the DER SubjectPublicKeyInfo: the key as a verifier is handed it. */
    publicKey: string;
    notBefore: Instant;
    notAfter: Instant;
  }
>;
export type DeviceRevoked = DomainEvent<
  'DeviceRevoked',
  { deviceId: string; courierId: string; reason: string }
>;

export type DeviceEvent = DeviceRegistered | DeviceRevoked;
export type DeviceEventType = DeviceEvent['type'];

export const DEVICE_EVENT_SCHEMA_VERSIONS: Record<DeviceEventType, number> = {
  DeviceRegistered: 1,
  DeviceRevoked: 1,
};
