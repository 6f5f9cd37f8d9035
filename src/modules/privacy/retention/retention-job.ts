import type { DataSource } from 'typeorm';

import type { Clock } from '../../../config/clock.js';
import { LegalHoldInPlace } from '../../../domain/subject/subject.decider.js';
import { deliveryKeyScope } from '../../../privacy/data-key.js';
import type { DataKeys } from '../../../privacy/data-keys.js';
import type { PhotoVault } from '../../../privacy/photo-vault.js';
import type { CommandPipeline } from '../../streams/command-pipeline.js';
import { subjectStream } from '../../streams/subject.stream.js';

export interface RetentionShred {
  readonly customerId: string;
  readonly deliveryIds: readonly string[];
  /** The data keys destroyed (a dry run: that would be), by scope. */
  readonly keyScopes: readonly string[];
  readonly keysDestroyed: number;
  /** The couriers' keys of those deliveries (their positions and names there), shredded with them. */
  readonly courierKeysDestroyed: number;
  readonly photosDeleted: number;
}

export interface RetentionReport {
  readonly ranAt: string;
  /** True when nothing was changed: the report says what a run now would shred. */
  readonly dryRun: boolean;
  readonly retentionDays: number;
  /** Deliveries closed before this moment had their personal data shredded. */
  readonly closedBefore: string;
  readonly shredded: readonly RetentionShred[];
  /** Customers whose deliveries were due but are under legal hold: kept until it is released. */
  readonly heldBack: readonly {
    readonly customerId: string;
    readonly caseIds: readonly string[];
    readonly deliveryIds: readonly string[];
  }[];
  /** Counts by kind over `shredded`, and how many customers were held back. */
  readonly totals: {
    readonly customers: number;
    readonly deliveries: number;
    readonly keys: number;
    readonly courierKeys: number;
    readonly photos: number;
    readonly heldBackCustomers: number;
  };
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

  /** Shreds what is due; with `dryRun`, changes nothing and reports what a run now would shred. */
  async run({ dryRun = false }: { dryRun?: boolean } = {}): Promise<RetentionReport> {
    const now = this.clock.now();
    if (this.retentionDays <= 0) {
      // No retention period configured: personal data is kept until erasure.
      return report({
        now,
        dryRun,
        retentionDays: 0,
        closedBefore: '',
        shredded: [],
        heldBack: [],
      });
    }
    const closedBefore = new Date(Date.parse(now) - this.retentionDays * 86_400_000).toISOString();
    const due = await this.dueDeliveries(closedBefore);
    const shredded: RetentionShred[] = [];
    const heldBack: RetentionReport['heldBack'][number][] = [];
    for (const [customerId, deliveryIds] of due) {
      try {
        await this.record(customerId, deliveryIds, now, dryRun);
      } catch (error) {
        if (!(error instanceof LegalHoldInPlace)) throw error;
        heldBack.push({ customerId, caseIds: error.details.caseIds as string[], deliveryIds });
        continue;
      }
      shredded.push(
        dryRun
          ? await this.wouldShred(customerId, deliveryIds)
          : await this.shred(customerId, deliveryIds),
      );
    }
    return report({
      now,
      dryRun,
      retentionDays: this.retentionDays,
      closedBefore,
      shredded,
      heldBack,
    });
  }

  private async shred(customerId: string, deliveryIds: string[]): Promise<RetentionShred> {
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
    const keyScopes = [...destroyed].sort();
    return {
      customerId,
      deliveryIds,
      keyScopes,
      keysDestroyed: keyScopes.length,
      courierKeysDestroyed,
      photosDeleted,
    };
  }

  /** What `shred` would destroy: the customer's live keys of those deliveries, and their photos. */
  private async wouldShred(customerId: string, deliveryIds: string[]): Promise<RetentionShred> {
    const scopes = new Set(deliveryIds.map(deliveryKeyScope));
    const keyScopes = (await this.dataKeys.keysOf(customerId))
      .filter((key) => key.wrapped !== null && scopes.has(key.scope))
      .map((key) => key.scope)
      .sort();
    let courierKeysDestroyed = 0;
    for (const scopesOfCourier of (await this.dataKeys.liveCourierScopesOf(deliveryIds)).values())
      courierKeysDestroyed += scopesOfCourier.length;
    let photosDeleted = 0;
    for (const deliveryId of deliveryIds)
      photosDeleted += (await this.photos.digestsOf(deliveryId)).length;
    return {
      customerId,
      deliveryIds,
      keyScopes,
      keysDestroyed: keyScopes.length,
      courierKeysDestroyed,
      photosDeleted,
    };
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

  /** Records the shredding on the subject stream (a dry run only decides it): a legal hold refuses it. */
  private async record(
    customerId: string,
    deliveryIds: string[],
    now: string,
    dryRun: boolean,
  ): Promise<void> {
    const input = {
      id: customerId,
      command: {
        type: 'ShredForRetention' as const,
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
    };
    if (dryRun) await this.pipeline.preview(subjectStream, input);
    else await this.pipeline.handle(subjectStream, input);
  }
}

function report(parts: {
  now: string;
  dryRun: boolean;
  retentionDays: number;
  closedBefore: string;
  shredded: RetentionShred[];
  heldBack: RetentionReport['heldBack'][number][];
}): RetentionReport {
  const { now, shredded, heldBack, ...rest } = parts;
  return {
    ranAt: now,
    ...rest,
    shredded,
    heldBack,
    totals: {
      customers: shredded.length,
      deliveries: shredded.reduce((n, s) => n + s.deliveryIds.length, 0),
      keys: shredded.reduce((n, s) => n + s.keysDestroyed, 0),
      courierKeys: shredded.reduce((n, s) => n + s.courierKeysDestroyed, 0),
      photos: shredded.reduce((n, s) => n + s.photosDeleted, 0),
      heldBackCustomers: heldBack.length,
    },
  };
}
