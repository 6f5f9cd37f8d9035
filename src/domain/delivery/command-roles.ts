import type { Role } from '../shared/actor.js';
import type { DeliveryCommand } from './delivery.commands.js';

type Caller = Exclude<Role, 'system'>;

/**
 * Who may ask for each delivery command through its route, in one table (the carmakers' results and
 * status reads come through their webhooks; the watchdog's commands are the ledger's own). Ownership
 * (a customer reaches only their own deliveries) is the command pipeline's step, not this table's.
 */
export const DELIVERY_COMMAND_ROLES = {
  ScheduleDelivery: ['delivery-service'],
  DeclareVehicleLocation: ['delivery-service', 'customer'],
  BlockInCarDelivery: ['customer', 'delivery-service', 'admin'],
  AllowInCarDelivery: ['customer', 'delivery-service', 'admin'],
  ReportCourierApproaching: ['delivery-service'],
  GrantAccess: ['delivery-service'],
  RevokeAccess: ['delivery-service', 'admin'],
  RequestUnlock: ['delivery-service'],
  RecordClosure: ['delivery-service', 'oem-connector'],
  PlacePackage: ['delivery-service'],
  RequestLock: ['delivery-service', 'customer', 'admin'],
  CompleteDelivery: ['delivery-service'],
  FailDelivery: ['delivery-service', 'admin'],
} as const satisfies Partial<Record<DeliveryCommand['type'], readonly Caller[]>>;

/** A delivery command a route may carry. */
export type RoutedDeliveryCommand = keyof typeof DELIVERY_COMMAND_ROLES;
