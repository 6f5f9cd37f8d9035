import type { DeliveryCommand } from '../../domain/delivery/delivery.commands.js';
import { decideDelivery } from './delivery.decide.js';
import type { DeliveryEvent } from '../../domain/delivery/delivery.events.js';
import { evolveDelivery } from '../../domain/delivery/delivery.evolve.js';
import { type DeliveryState, initialDeliveryState } from '../../domain/delivery/delivery.state.js';
import type { Decider } from '../../domain/shared/decider.js';

/** The delivery stream's decider, each command decided by its use case. */
export const deliveryDecider: Decider<DeliveryCommand, DeliveryEvent, DeliveryState> = {
  decide: decideDelivery,
  evolve: evolveDelivery,
  initialState: initialDeliveryState,
};
