import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';

import {
  type DeliveryState,
  isCourierReleased,
} from '../../../../domain/delivery/delivery.state.js';
import { DeliveryReader } from '../delivery-reader.js';
import { GetReleaseQuery, type Release } from './get-release.query.js';

function reasonFor(state: DeliveryState): string {
  if (isCourierReleased(state)) return 'The car confirmed it is locked with every closure closed';
  if (!state.lockRequest) return 'No lock was requested yet';
  return 'The car has not confirmed the lock since the last lock request or opening';
}

@QueryHandler(GetReleaseQuery)
export class GetReleaseHandler implements IQueryHandler<GetReleaseQuery, Release> {
  constructor(@Inject(DeliveryReader) private readonly deliveries: DeliveryReader) {}

  async execute({ deliveryId, reader }: GetReleaseQuery): Promise<Release> {
    const { state } = await this.deliveries.read(deliveryId, reader);
    return {
      deliveryId,
      released: isCourierReleased(state),
      reason: reasonFor(state),
      lockConfirmation: state.lockConfirmation,
    };
  }
}
