import type { DataSource } from 'typeorm';

import type { Clock } from '../../../config/clock.js';
import { LegalHoldInPlace } from '../../../domain/subject/subject.decider.js';
import { deliveryKeyScope } from '../../../privacy/data-key.js';
import type { DataKeys } from '../../../privacy/data-keys.js';
import type { PhotoVault } from '../../../privacy/photo-vault.js';
import type { CommandPipeline } from '../../streams/command-pipeline.js';
import { subjectStream } from '../../streams/subject.stream.js';

export interface RetentionReport {
  readonly ranAt: string;
  readonly retentionDays: number;
  /** Deliveries closed before this moment had their personal data shredded. */
  readonly closedBefore: string;
  readonly shredded: readonly {
    readonly customerId: string;
    readonly deliveryIds: readonly string[];
    readonly keysDestroyed: number;
    /** The couriers' keys of those deliveries (their positions and names there), shredded with them. */
    readonly courierKeysDestroyed: number;
    readonly photosDeleted: number;
  }[];
  /** Customers whose deliveries were due but are under legal hold: kept until it is released. */
  readonly heldBack: readonly {
    readonly customerId: string;
    readonly caseIds: readonly string[];
    readonly deliveryIds: readonly string[];
  }[];
}

const RETENTION_ACTOR = { id: 'retention', role: 'system' as const };
const BATCH = 500;

/**
 * Shreds the personal data of deliveries closed longer ago than the retention period: records
 * PersonalDataShredded on the customer's subject stream, then destroys those deliveries' keys (the
 * couriers' keys of them too) and deletes their photos. A legal hold keeps the customer's data until it is released. The events, the
 * hashes and every proof stay: only the keys go.
 */
export class RetentionJob {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly dataSource: DataSource,
    private readonly dataKeys: DataKeys,
    private readonly photos: PhotoVault,
    private readonly clock: Clock,
    private readonly retentionDays: number,
  ) {}

  async run(): Promise<RetentionReport> {
    const now = this.clock.now();
    if (this.retentionDays <= 0) {
      // No retention period configured: personal data is kept until erasure.
      return { ranAt: now, retentionDays: 0, closedBefore: '', shredded: [], heldBack: [] };
    }
    const closedBefore = new Date(Date.parse(now) - this.retentionDays * 86_400_000).toISOString();
    const due = await this.dueDeliveries(closedBefore);
    const shredded: RetentionReport['shredded'][number][] = [];
    const heldBack: RetentionReport['heldBack'][number][] = [];
    for (const [customerId, deliveryIds] of due) {
      try {
        await this.record(customerId, deliveryIds, now);
      } catch (error) {
        if (!(error instanceof LegalHoldInPlace)) throw error;
        heldBack.push({ customerId, caseIds: error.details.caseIds as string[], deliveryIds });
        continue;
      }
      const destroyed = await this.dataKeys.destroy(
        customerId,
        `retention: ${this.retentionDays} days`,
        deliveryIds.map(deliveryKeyScope),
      );
      let courierKeysDestroyed = 0;
      for (const [courierId, scopes] of await this.dataKeys.liveCourierScopesOf(deliveryIds)) {
        const reason = `retention: ${this.retentionDays} days`;
        courierKeysDestroyed += (await this.dataKeys.destroyCourier(courierId, reason, scopes))
          .length;
      }
      let photosDeleted = 0;
      for (const deliveryId of deliveryIds)
        photosDeleted += await this.photos.deleteDelivery(deliveryId);
      shredded.push({
        customerId,
        deliveryIds,
        keysDestroyed: destroyed.length,
        courierKeysDestroyed,
        photosDeleted,
      });
    }
    return { ranAt: now, retentionDays: this.retentionDays, closedBefore, shredded, heldBack };
  }

  /** Closed deliveries past the period whose key still lives, by customer. */
  private async dueDeliveries(closedBefore: string): Promise<Map<string, string[]>> {
    const rows = await this.dataSource.query<{ delivery_id: string; customer_id: string }[]>(
      `SELECT s.delivery_id, s.customer_id
         FROM read.delivery_summaries s
         JOIN privacy.data_keys k ON k.scope = 'delivery:' || s.delivery_id AND k.wrapped IS NOT NULL
        WHERE s.status IN ('completed', 'failed', 'cancelled')
          AND COALESCE(s.completed_at, s.failed_at, s.cancelled_at) < $1
        ORDER BY s.customer_id, s.delivery_id
        LIMIT ${BATCH}`,
      [closedBefore],
    );
    const due = new Map<string, string[]>();
    for (const row of rows)
      due.set(row.customer_id, [...(due.get(row.customer_id) ?? []), row.delivery_id]);
    return due;
  }

  private async record(customerId: string, deliveryIds: string[], now: string): Promise<void> {
    await this.pipeline.handle(subjectStream, {
      id: customerId,
      command: {
        type: 'ShredForRetention',
        data: { customerId, deliveryIds, retentionDays: this.retentionDays },
      },
      request: {
        principal: RETENTION_ACTOR,
        idempotencyKey: null,
        correlationId: `retention:${now}`,
        requestId: `retention:${now}`,
      },
      source: 'retention',
      now,
      attempts: 5,
    });
  }
}
