import type { DeliveryCommand } from './delivery.commands.js';
import { decideDelivery } from './delivery.decide.js';
import type { DeliveryEvent } from './delivery.events.js';
import { evolveDelivery } from './delivery.evolve.js';
import { type DeliveryState, initialDeliveryState } from './delivery.state.js';

export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export const deliveryDecider: Decider<DeliveryCommand, DeliveryEvent, DeliveryState> = {
  decide: decideDelivery,
  evolve: evolveDelivery,
  initialState: initialDeliveryState,
};
