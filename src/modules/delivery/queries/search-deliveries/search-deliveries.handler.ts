import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';

import { READ_MODELS } from '../../../../adapters/read-models.js';
import { DeliverySummaryEntity } from '../../../../../projections/delivery-summary/delivery-summary.entity.js';
import { decodeCursor, keysetPage } from '../../../../http/cursor.js';
import { type DeliverySearchPage, SearchDeliveriesQuery } from './search-deliveries.query.js';

/** Deliveries newest window first (ties by id), filtered; a customer finds only their own. */
@QueryHandler(SearchDeliveriesQuery)
export class SearchDeliveriesHandler implements IQueryHandler<
  SearchDeliveriesQuery,
  DeliverySearchPage
> {
  constructor(@Inject(READ_MODELS) private readonly dataSource: DataSource) {}

  async execute({ filters, reader }: SearchDeliveriesQuery): Promise<DeliverySearchPage> {
    const limit = filters.limit ?? 50;
    const customerId = reader.role === 'customer' ? reader.id : filters.customerId;
    const query = this.dataSource.getRepository(DeliverySummaryEntity).createQueryBuilder('s');
    if (customerId) query.andWhere('s.customer_id = :customerId', { customerId });
    if (filters.vehicleId)
      query.andWhere('s.vehicle_id = :vehicleId', { vehicleId: filters.vehicleId });
    if (filters.orderId) query.andWhere('s.order_id = :orderId', { orderId: filters.orderId });
    if (filters.courierId)
      query.andWhere(':courierId = ANY(s.courier_ids)', { courierId: filters.courierId });
    if (filters.from) query.andWhere('s.window_to > :from', { from: filters.from });
    if (filters.to) query.andWhere('s.window_from < :to', { to: filters.to });
    if (filters.status) query.andWhere('s.status = :status', { status: filters.status });
    // overlapping_grants is found across a car's deliveries: the anomalies table has it, no story does.
    if (filters.anomaly === 'overlapping_grants')
      query.andWhere(
        'EXISTS (SELECT 1 FROM read.anomalies a WHERE a.delivery_id = s.delivery_id AND a.code = :anomaly)',
        { anomaly: filters.anomaly },
      );
    else if (filters.anomaly)
      query.andWhere(':anomaly = ANY(s.anomalies)', { anomaly: filters.anomaly });
    if (filters.cursor) {
      const [windowFrom, deliveryId] = decodeCursor(filters.cursor, ['string', 'string']);
      query.andWhere('(s.window_from, s.delivery_id) < (:windowFrom, :deliveryId)', {
        windowFrom,
        deliveryId,
      });
    }
    const rows = await query
      .orderBy('s.window_from', 'DESC')
      .addOrderBy('s.delivery_id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const { page, nextCursor } = keysetPage(rows, limit, (last) => [
      last.windowFrom,
      last.deliveryId,
    ]);
    return {
      items: page.map(({ lastPosition: _position, story: _story, ...summary }) => summary),
      nextCursor,
    };
  }
}
