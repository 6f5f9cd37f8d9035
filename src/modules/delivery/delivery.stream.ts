import type { DeliveryCommand } from '../../domain/delivery/delivery.commands.js';
import {
  DELIVERY_EVENT_SCHEMA_VERSIONS,
  type DeliveryEvent,
  deliveryStreamId,
} from '../../domain/delivery/delivery.events.js';
import { evolveDelivery } from '../../domain/delivery/delivery.evolve.js';
import { type DeliveryState, initialDeliveryState } from '../../domain/delivery/delivery.state.js';
import { fromStoredEvent } from '../../domain/delivery/delivery.upcasters.js';
import type { Decider } from '../../domain/shared/decider.js';
import { courierKeyScope, deliveryKeyScope } from '../../privacy/data-key.js';
import type { CommandBody, StreamKind } from '../streams/stream-kind.js';
import { allowInCarDelivery } from './commands/allow-in-car-delivery/allow-in-car-delivery.decide.js';
import { blockInCarDelivery } from './commands/block-in-car-delivery/block-in-car-delivery.decide.js';
import { completeDelivery } from './commands/complete-delivery/complete-delivery.decide.js';
import { declareVehicleLocation } from './commands/declare-vehicle-location/declare-vehicle-location.decide.js';
import { expireGrant } from './commands/watchdog/expire-grant.decide.js';
import { failDelivery } from './commands/fail-delivery/fail-delivery.decide.js';
import { flagCarLeftUnlocked } from './commands/watchdog/flag-car-left-unlocked.decide.js';
import { flagLockConfirmationOverdue } from './commands/watchdog/flag-lock-confirmation-overdue.decide.js';
import { grantAccess } from './commands/grant-access/grant-access.decide.js';
import { placePackage } from './commands/place-package/place-package.decide.js';
import { attachPhoto } from './commands/attach-photo/attach-photo.decide.js';
import { cancelDelivery } from './commands/cancel-delivery/cancel-delivery.decide.js';
import { flagPhotoUploadOverdue } from './commands/watchdog/flag-photo-upload-overdue.decide.js';
import { recordClosure } from './commands/record-closure/record-closure.decide.js';
import { recordVendorCommandResult } from '../oem/commands/record-vendor-command-result/record-vendor-command-result.decide.js';
import { reportCourierApproaching } from './commands/report-courier-approaching/report-courier-approaching.decide.js';
import { reportVehicleStatus } from '../oem/commands/report-vehicle-status/report-vehicle-status.decide.js';
import { reportVehiclePosition } from '../oem/commands/report-vehicle-position/report-vehicle-position.decide.js';
import { requestLock } from './commands/request-lock/request-lock.decide.js';
import { requestUnlock } from './commands/request-unlock/request-unlock.decide.js';
import { revokeAccess } from './commands/revoke-access/revoke-access.decide.js';
import { scheduleDelivery } from './commands/schedule-delivery/schedule-delivery.decide.js';
import { DeliveryNotFound } from '../../domain/delivery/delivery.errors.js';

/**
 * The delivery decider: a pure function of the command (with its moment) and the state folded from
 * the stream. Throws a DomainError for what stores nothing (404, 409); records refusals as events.
 */
export function decideDelivery(command: DeliveryCommand, state: DeliveryState): DeliveryEvent[] {
  if (command.type === 'ScheduleDelivery') return scheduleDelivery(command, state);
  if (state.phase === 'unscheduled') throw new DeliveryNotFound();
  switch (command.type) {
    case 'DeclareVehicleLocation':
      return declareVehicleLocation(command, state);
    case 'BlockInCarDelivery':
      return blockInCarDelivery(command, state);
    case 'AllowInCarDelivery':
      return allowInCarDelivery(command, state);
    case 'ReportCourierApproaching':
      return reportCourierApproaching(command, state);
    case 'GrantAccess':
      return grantAccess(command, state);
    case 'RevokeAccess':
      return revokeAccess(command, state);
    case 'RequestUnlock':
      return requestUnlock(command, state);
    case 'RecordVendorCommandResult':
      return recordVendorCommandResult(command, state);
    case 'RecordClosure':
      return recordClosure(command, state);
    case 'PlacePackage':
      return placePackage(command, state);
    case 'AttachPhoto':
      return attachPhoto(command, state);
    case 'FlagPhotoUploadOverdue':
      return flagPhotoUploadOverdue(command, state);
    case 'CancelDelivery':
      return cancelDelivery(command, state);
    case 'RequestLock':
      return requestLock(command, state);
    case 'ReportVehicleStatus':
      return reportVehicleStatus(command, state);
    case 'ReportVehiclePosition':
      return reportVehiclePosition(command, state);
    case 'CompleteDelivery':
      return completeDelivery(command, state);
    case 'FailDelivery':
      return failDelivery(command, state);
    case 'ExpireGrant':
      return expireGrant(command, state);
    case 'FlagLockConfirmationOverdue':
      return flagLockConfirmationOverdue(command, state);
    case 'FlagCarLeftUnlocked':
      return flagCarLeftUnlocked(command, state);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** The delivery stream's decider, each command decided by its use case. */
export const deliveryDecider: Decider<DeliveryCommand, DeliveryEvent, DeliveryState> = {
  decide: decideDelivery,
  evolve: evolveDelivery,
  initialState: initialDeliveryState,
};

/** Told by the delivery's first event, or by the command that schedules it. */
const scheduled = (state: DeliveryState, command: CommandBody<DeliveryCommand>) =>
  state.delivery ??
  (command.type === 'ScheduleDelivery' ? (command.data as DeliveryState['delivery']) : null);

/** `delivery-{deliveryId}`: its customer's, its carmaker's; a stranger is told it does not exist. */
export const deliveryStream: StreamKind<DeliveryCommand, DeliveryEvent, DeliveryState> = {
  streamId: deliveryStreamId,
  ...deliveryDecider,
  upcast: fromStoredEvent,
  schemaVersions: DELIVERY_EVENT_SCHEMA_VERSIONS,
  idempotent: true,
  owner: {
    customerOf: (state, command) => scheduled(state, command)?.customerId ?? null,
    vendorOf: (state, command) => scheduled(state, command)?.vendor ?? null,
    unknown: (deliveryId) => new DeliveryNotFound(deliveryId),
    notYours: (deliveryId) => new DeliveryNotFound(deliveryId),
  },
  // Every delivery has its customer: the pipeline answers 404 before deciding otherwise.
  dataKeyOf: (deliveryId, _event, customerId) => ({
    scope: deliveryKeyScope(deliveryId),
    customerId: customerId!,
  }),
  // Courier fields are on events that name their courier.
  courierKeyOf: (deliveryId, event) => {
    const courierId = (event.data as { courierId?: unknown }).courierId;
    return typeof courierId === 'string'
      ? { scope: courierKeyScope(courierId, deliveryId), customerId: courierId }
      : null;
  },
};
