import type { DeliveryCommand } from './delivery.commands.js';
import type { DeliveryEvent } from './delivery.events.js';
import type { DeliveryState } from './delivery.state.js';
import { allowInCarDelivery } from './decide/allow-in-car-delivery.js';
import { blockInCarDelivery } from './decide/block-in-car-delivery.js';
import { completeDelivery } from './decide/complete-delivery.js';
import { declareVehicleLocation } from './decide/declare-vehicle-location.js';
import { expireGrant } from './decide/expire-grant.js';
import { failDelivery } from './decide/fail-delivery.js';
import { flagLockConfirmationOverdue } from './decide/flag-lock-confirmation-overdue.js';
import { grantAccess } from './decide/grant-access.js';
import { placePackage } from './decide/place-package.js';
import { recordClosure } from './decide/record-closure.js';
import { recordVendorCommandResult } from './decide/record-vendor-command-result.js';
import { reportCourierApproaching } from './decide/report-courier-approaching.js';
import { reportVehicleStatus } from './decide/report-vehicle-status.js';
import { requestLock } from './decide/request-lock.js';
import { requestUnlock } from './decide/request-unlock.js';
import { revokeAccess } from './decide/revoke-access.js';
import { scheduleDelivery } from './decide/schedule-delivery.js';
import { DeliveryNotFound } from './delivery.errors.js';

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
    case 'RequestLock':
      return requestLock(command, state);
    case 'ReportVehicleStatus':
      return reportVehicleStatus(command, state);
    case 'CompleteDelivery':
      return completeDelivery(command, state);
    case 'FailDelivery':
      return failDelivery(command, state);
    case 'ExpireGrant':
      return expireGrant(command, state);
    case 'FlagLockConfirmationOverdue':
      return flagLockConfirmationOverdue(command, state);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
