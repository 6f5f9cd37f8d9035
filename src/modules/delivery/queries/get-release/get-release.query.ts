import { Query } from '@nestjs/cqrs';

import type { Principal } from '../../../auth/principal.js';

export interface Release {
  readonly deliveryId: string;
  /** True only while a lock confirmation holds: the courier may leave. */
  readonly released: boolean;
  readonly reason: string;
  readonly lockConfirmation: {
    readonly commandId: string;
    readonly statusTimestamp: string;
  } | null;
}

export class GetReleaseQuery extends Query<Release> {
  constructor(
    readonly deliveryId: string,
    readonly reader: Principal,
  ) {
    super();
  }
}
