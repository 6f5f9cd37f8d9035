import { Query } from '@nestjs/cqrs';

import type { UnconfirmedAppends } from '../../../../event-store/unconfirmed-appends.js';
import type { Principal } from '../../../auth/principal.js';
import type { AsOf } from '../delivery-read-model.js';
import type { Timeline } from './timeline.js';

export class GetTimelineQuery extends Query<Timeline> {
  constructor(
    readonly deliveryId: string,
    readonly asOf: AsOf,
    readonly reader: Principal,
    /** An investigator's open case covering the delivery: precise data, the reveal recorded. */
    readonly caseId?: string,
    /** The request's appends waited on: the reveal's. */
    readonly unconfirmed?: UnconfirmedAppends,
  ) {
    super();
  }
}
