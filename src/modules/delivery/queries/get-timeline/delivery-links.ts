import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { READ_MODELS } from '../../../../adapters/read-models.js';
import { DeliverySummaryEntity } from '../../../../../projections/delivery-summary/delivery-summary.entity.js';
import { mayReach, type Principal } from '../../../auth/principal.js';

/** How a delivery links to its attempts: the earlier one it re-delivers, the later ones re-delivering it. */
export interface DeliveryLinks {
  readonly previousDeliveryId: string | null;
  /** From the summaries as they stand, only those the reader may reach; oldest window first. */
  readonly redeliveryIds: readonly string[];
}

/** The re-deliveries that name a delivery as their earlier attempt, read from the summaries. */
@Injectable()
export class Redeliveries {
  constructor(@Inject(READ_MODELS) private readonly dataSource: DataSource) {}

  async of(deliveryId: string, reader: Principal): Promise<readonly string[]> {
    const rows = await this.dataSource.getRepository(DeliverySummaryEntity).find({
      select: { deliveryId: true, customerId: true },
      where: { previousDeliveryId: deliveryId },
      order: { windowFrom: 'ASC', deliveryId: 'ASC' },
      take: 100,
    });
    return rows.filter((row) => mayReach(reader, row.customerId)).map((row) => row.deliveryId);
  }
}
