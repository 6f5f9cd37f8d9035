import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';

import { READ_MODELS } from '../../../../adapters/read-models.js';
import { DeliverySummaryEntity } from '../../../../../projections/delivery-summary/delivery-summary.entity.js';
import { PendingLockRequestEntity } from '../../../../../projections/lock-requests/pending-lock-request.entity.js';
import { decodeCursor, keysetPage } from '../../../../http/cursor.js';
import {
  ListPendingLockRequestsQuery,
  type PendingLockRequestPage,
} from './list-pending-lock-requests.query.js';

interface Row {
  delivery_id: string;
  command_id: string;
  requested_by: string;
  requested_at: string;
  global_position: string;
  vendor: string;
  vehicle_id: string;
}

/** Oldest first, from the pending read model and each delivery's carmaker (its summary). */
@QueryHandler(ListPendingLockRequestsQuery)
export class ListPendingLockRequestsHandler implements IQueryHandler<
  ListPendingLockRequestsQuery,
  PendingLockRequestPage
> {
  constructor(@Inject(READ_MODELS) private readonly dataSource: DataSource) {}

  async execute({
    vendors,
    limit,
    cursor,
  }: ListPendingLockRequestsQuery): Promise<PendingLockRequestPage> {
    if (vendors !== 'all' && vendors.length === 0) return { items: [], nextCursor: null };
    const query = this.dataSource
      .getRepository(PendingLockRequestEntity)
      .createQueryBuilder('p')
      .innerJoin(DeliverySummaryEntity, 's', 's.delivery_id = p.delivery_id')
      .select([
        'p.delivery_id AS delivery_id',
        'p.command_id AS command_id',
        'p.requested_by AS requested_by',
        'p.requested_at AS requested_at',
        'p.global_position AS global_position',
        's.vendor AS vendor',
        's.vehicle_id AS vehicle_id',
      ]);
    if (vendors !== 'all') query.andWhere('s.vendor IN (:...vendors)', { vendors });
    if (cursor) {
      const [position] = decodeCursor(cursor, ['number']);
      query.andWhere('p.global_position > :position', { position });
    }
    const rows = await query
      .orderBy('p.global_position', 'ASC')
      .limit(limit + 1)
      .getRawMany<Row>();
    const { page, nextCursor } = keysetPage(rows, limit, (last) => [Number(last.global_position)]);
    return {
      items: page.map((r) => ({
        deliveryId: r.delivery_id,
        commandId: r.command_id,
        vendor: r.vendor,
        vehicleId: r.vehicle_id,
        requestedBy: r.requested_by,
        requestedAt: r.requested_at,
      })),
      nextCursor,
    };
  }
}
