import { Query } from '@nestjs/cqrs';

import type { DeliverySummary } from '../../../../../projections/delivery-summary/delivery-summary.js';
import type { Principal } from '../../../auth/principal.js';
import type { SearchDeliveriesRequestDto } from './search-deliveries.request.dto.js';

export interface DeliverySearchPage {
  readonly items: readonly Omit<DeliverySummary, 'lastPosition'>[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

export class SearchDeliveriesQuery extends Query<DeliverySearchPage> {
  constructor(
    readonly filters: SearchDeliveriesRequestDto,
    readonly reader: Principal,
  ) {
    super();
  }
}
