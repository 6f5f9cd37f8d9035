import {
  decideDevice,
  type DeviceCommand,
  type DeviceState,
  evolveDevice,
  initialDeviceState,
} from '../../domain/device/device.decider.js';
import {
  DEVICE_EVENT_SCHEMA_VERSIONS,
  type DeviceEvent,
  deviceStreamId,
} from '../../domain/device/device.events.js';
import type { StreamKind } from './stream-kind.js';

/**
 * `device-{deviceId}`: a courier's device and its public key, registered by the delivery service. No
 * customer owns it and nothing in it is personal (courier ids are pseudonyms, docs/PRIVACY.md).
 */
export const deviceStream: StreamKind<DeviceCommand, DeviceEvent, DeviceState> = {
  streamId: deviceStreamId,
  initialState: initialDeviceState,
  evolve: evolveDevice,
  decide: decideDevice,
  schemaVersions: DEVICE_EVENT_SCHEMA_VERSIONS,
  idempotent: false,
};
