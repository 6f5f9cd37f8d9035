import { Query } from '@nestjs/cqrs';

import type { Principal } from '../../../auth/principal.js';
import type { Timeline } from './timeline.js';

/** asOf: a global position (the ledger as it stood after that event) or a timestamp. */
export type AsOf = { readonly position: number } | { readonly recordedAt: string } | null;

export class GetTimelineQuery extends Query<Timeline> {
  constructor(
    readonly deliveryId: string,
    readonly asOf: AsOf,
    readonly reader: Principal,
  ) {
    super();
  }
}
