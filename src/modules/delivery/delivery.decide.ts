import type { DeliveryCommand } from '../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../domain/delivery/delivery.state.js';
import { allowInCarDelivery } from './commands/allow-in-car-delivery/allow-in-car-delivery.decide.js';
import { blockInCarDelivery } from './commands/block-in-car-delivery/block-in-car-delivery.decide.js';
import { completeDelivery } from './commands/complete-delivery/complete-delivery.decide.js';
import { declareVehicleLocation } from './commands/declare-vehicle-location/declare-vehicle-location.decide.js';
import { expireGrant } from './commands/watchdog/expire-grant.decide.js';
import { failDelivery } from './commands/fail-delivery/fail-delivery.decide.js';
import { flagLockConfirmationOverdue } from './commands/watchdog/flag-lock-confirmation-overdue.decide.js';
import { grantAccess } from './commands/grant-access/grant-access.decide.js';
import { placePackage } from './commands/place-package/place-package.decide.js';
import { recordClosure } from './commands/record-closure/record-closure.decide.js';
import { recordVendorCommandResult } from '../oem/commands/record-vendor-command-result/record-vendor-command-result.decide.js';
import { reportCourierApproaching } from './commands/report-courier-approaching/report-courier-approaching.decide.js';
import { reportVehicleStatus } from '../oem/commands/report-vehicle-status/report-vehicle-status.decide.js';
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
