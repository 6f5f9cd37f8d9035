import type { DeliveryCommand } from '../../domain/delivery/delivery.commands.js';
import { decideDelivery } from '../delivery/delivery.decide.js';
import { DeliveryNotFound } from '../../domain/delivery/delivery.errors.js';
import {
  DELIVERY_EVENT_SCHEMA_VERSIONS,
  type DeliveryEvent,
  deliveryStreamId,
} from '../../domain/delivery/delivery.events.js';
import { evolveDelivery } from '../../domain/delivery/delivery.evolve.js';
import { type DeliveryState, initialDeliveryState } from '../../domain/delivery/delivery.state.js';
import { fromStoredEvent } from '../../domain/delivery/delivery.upcasters.js';
import { deliveryKeyScope } from '../../privacy/data-key.js';
import type { CommandBody, StreamKind } from './stream-kind.js';

/** Told by the delivery's first event, or by the command that schedules it. */
const scheduled = (state: DeliveryState, command: CommandBody<DeliveryCommand>) =>
  state.delivery ??
  (command.type === 'ScheduleDelivery' ? (command.data as DeliveryState['delivery']) : null);

/** `delivery-{deliveryId}`: its customer's, its carmaker's; a stranger is told it does not exist. */
export const deliveryStream: StreamKind<DeliveryCommand, DeliveryEvent, DeliveryState> = {
  streamId: deliveryStreamId,
  initialState: initialDeliveryState,
  upcast: fromStoredEvent,
  evolve: evolveDelivery,
  decide: decideDelivery,
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
};
