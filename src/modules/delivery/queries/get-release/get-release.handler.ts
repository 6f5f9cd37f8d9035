import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';

import { handBackAt } from '../../../../domain/delivery/hand-back.js';
import { isCourierReleased } from '../../../../domain/delivery/delivery.state.js';
import { DeliveryReadModel } from '../delivery-read-model.js';
import { GetReleaseQuery, type Release } from './get-release.query.js';

/** The courier may leave only while the car's lock confirmation holds; read-your-writes. */
@QueryHandler(GetReleaseQuery)
export class GetReleaseHandler implements IQueryHandler<GetReleaseQuery, Release> {
  constructor(private readonly deliveries: DeliveryReadModel) {}

  async execute({ deliveryId, reader }: GetReleaseQuery): Promise<Release> {
    const { story } = await this.deliveries.timeline(deliveryId, reader);
    const state = story?.state;
    const confirmation = state?.lockConfirmation ?? null;
    const handedBack = state ? handBackAt(state) : null;
    const left = state?.leftUnlocked ?? null;
    return {
      deliveryId,
      released: state ? isCourierReleased(state) : false,
      reason: confirmation
        ? 'The car confirmed it is locked with every closure closed'
        : handedBack
          ? `The delivery ended with the lock confirmed at ${handedBack}; later use of the car is the owner's`
          : left
            ? `The car was left unlocked: unlocked since ${left.unlockedSince} with no lock confirmed by ${left.dueAt}; the ledger asked for a lock (command ${left.lockCommandId})`
            : state?.lockRequest
              ? 'The car has not confirmed the lock since the last lock request or opening'
              : 'No lock was requested yet',
      lockConfirmation: confirmation,
    };
  }
}
