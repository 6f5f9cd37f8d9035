import { Query } from '@nestjs/cqrs';

import type { ListAnomaliesRequestDto } from './list-anomalies.request.dto.js';

export interface AnomalyView {
  readonly anomalyId: string;
  readonly code: string;
  readonly severity: string;
  readonly deliveryId: string;
  readonly rule: string;
  readonly reason: string;
  /** Global positions of the events that show it; open them in the delivery's timeline. */
  readonly evidence: readonly number[];
  readonly detectedAt: string;
}

export interface AnomalyPage {
  readonly items: readonly AnomalyView[];
  readonly nextCursor: string | null;
}

export class ListAnomaliesQuery extends Query<AnomalyPage> {
  constructor(readonly filters: ListAnomaliesRequestDto) {
    super();
  }
}
