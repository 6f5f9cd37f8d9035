import { Query } from '@nestjs/cqrs';

import type { Vendor } from '../../../../domain/delivery/delivery.vocabulary.js';

export interface PendingLockRequestView {
  readonly deliveryId: string;
  readonly commandId: string;
  readonly vendor: string;
  readonly vehicleId: string;
  /** `system`: the ledger, for a car left unlocked; `customer`: the customer stopping the delivery. */
  readonly requestedBy: string;
  readonly requestedAt: string;
}

export interface PendingLockRequestPage {
  readonly items: readonly PendingLockRequestView[];
  readonly nextCursor: string | null;
}

/** `vendors`: the carmakers the caller may be answered for, after its binding (empty: none). */
export class ListPendingLockRequestsQuery extends Query<PendingLockRequestPage> {
  constructor(
    readonly vendors: readonly Vendor[] | 'all',
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
