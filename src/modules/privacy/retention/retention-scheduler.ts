import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import type { RetentionJob } from './retention-job.js';
import { PRIVACY_SETTINGS, type PrivacySettings } from '../privacy.tokens.js';

export const RETENTION_JOB = Symbol('RETENTION_JOB');

/** Runs the retention job on its interval when a retention period is configured; logs each report. */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('retention');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(RETENTION_JOB) private readonly job: RetentionJob,
    @Inject(PRIVACY_SETTINGS) private readonly settings: PrivacySettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.retentionDays <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.settings.retentionIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = (async () => {
      try {
        const report = await this.job.run();
        for (const s of report.shredded)
          this.logger.log(
            `shredded personal data of ${s.deliveryIds.length} deliveries of customer ${s.customerId} (closed before ${report.closedBefore})`,
          );
        for (const h of report.heldBack)
          this.logger.log(
            `kept ${h.deliveryIds.length} deliveries of customer ${h.customerId}: legal hold by ${h.caseIds.join(', ')}`,
          );
      } catch (error) {
        this.logger.error(
          `retention run failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        this.running = null;
      }
    })();
    await this.running;
  }
}
