import { Logger } from '@nestjs/common';

import type { ParkedEventReport, ParkingObserver } from '../../../projections/runtime/parking.js';
import type { LedgerMetrics } from '../../observability/ledger-metrics.js';

/** The alert rules match this field of the log line (docs/OPERATIONS.md). */
export const PARKED_EVENT_ALERT = 'ProjectionParkedEvent';

/**
 * An event a projection parked is an operator's problem: counted in the metrics, and one error-level
 * line naming the projection, the position and the reason (ids and codes only, no personal data).
 */
export const parkedEventAlert = (
  metrics: LedgerMetrics,
  logger = new Logger('projections'),
): ParkingObserver => ({
  eventParked(report: ParkedEventReport): void {
    metrics.projectionEventParked(report.projection);
    logger.error({
      msg: `projection ${report.projection} parked the event at position ${report.position}`,
      alert: PARKED_EVENT_ALERT,
      ...report,
    });
  },
});
