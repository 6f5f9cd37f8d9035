import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';

import { READ_MODELS } from '../../../../adapters/read-models.js';
import { CustodyEntryEntity } from '../../../../../projections/vehicle-custody/custody-entry.entity.js';
import { CustodyGrantEntity } from '../../../../../projections/vehicle-custody/custody-grant.entity.js';
import { HttpProblem } from '../../../../http/error-body.js';
import type { CustodyKind } from '../../../../story/vehicle-custody/custody-entry.js';
import { custodyIntervals } from '../../../../story/vehicle-custody/custody-intervals.js';
import type { Lens } from '../../../privacy/views/lens.js';
import { VehicleViews } from '../../../privacy/views/vehicle-view.js';
import { GetCustodyQuery } from './get-custody.query.js';
import type { VehicleCustody } from './vehicle-custody.js';

/** The longest range one answer covers. */
export const MAX_CUSTODY_RANGE_DAYS = 31;
/** The most entries one answer holds. */
const MAX_ENTRIES = 2000;

function checkRange(from: string, to: string): void {
  const span = Date.parse(to) - Date.parse(from);
  if (!(span > 0))
    throw new HttpProblem(400, 'REQUEST.INVALID', 'to must be after from', { from, to });
  if (span > MAX_CUSTODY_RANGE_DAYS * 86_400_000)
    throw new HttpProblem(
      400,
      'REQUEST.INVALID',
      `The range may cover at most ${MAX_CUSTODY_RANGE_DAYS} days`,
      { from, to },
    );
}

/**
 * One car's custody across deliveries, from the vehicle-custody projection (never a scan of the log):
 * investigators see every delivery to it, a customer only their own, and a car with none of theirs is
 * not found.
 */
@QueryHandler(GetCustodyQuery)
export class GetCustodyHandler implements IQueryHandler<GetCustodyQuery, VehicleCustody> {
  constructor(
    @Inject(READ_MODELS) private readonly dataSource: DataSource,
    private readonly vehicles: VehicleViews,
  ) {}

  async execute({ vehicleId, from, to, reader }: GetCustodyQuery): Promise<VehicleCustody> {
    checkRange(from, to);
    const own = reader.role === 'customer' ? { customerId: reader.id } : {};
    const known =
      (await this.dataSource
        .getRepository(CustodyGrantEntity)
        .findOne({ where: { vehicleId, ...own }, order: { grantedPosition: 'DESC' } })) ??
      (await this.dataSource
        .getRepository(CustodyEntryEntity)
        .findOne({ where: { vehicleId, ...own }, order: { globalPosition: 'DESC' } }));
    if (!known)
      throw new HttpProblem(404, 'VEHICLE.NOT_FOUND', `No deliveries to vehicle ${vehicleId}`, {
        vehicleId,
      });

    const ownOnly = (alias: string) =>
      reader.role === 'customer' ? ` AND ${alias}.customer_id = :customerId` : '';
    const rows = await this.dataSource
      .getRepository(CustodyEntryEntity)
      .createQueryBuilder('e')
      .where(
        `e.vehicle_id = :vehicleId AND e.occurred >= :from AND e.occurred < :to${ownOnly('e')}`,
      )
      .setParameters({ vehicleId, from, to, customerId: reader.id })
      .orderBy('e.occurred', 'ASC')
      .addOrderBy('e.global_position', 'ASC')
      .limit(MAX_ENTRIES + 1)
      .getMany();
    const grants = await this.dataSource
      .getRepository(CustodyGrantEntity)
      .createQueryBuilder('g')
      .where(`g.vehicle_id = :vehicleId AND g.live_from < :to AND g.live_to > :from${ownOnly('g')}`)
      .setParameters({ vehicleId, from, to, customerId: reader.id })
      .orderBy('g.live_from', 'ASC')
      .getMany();

    const intervals = custodyIntervals(
      grants.map((g) => ({
        deliveryId: g.deliveryId,
        grantId: g.grantId,
        courierId: g.courierId,
        from: g.liveFrom.toISOString(),
        to: g.liveTo.toISOString(),
      })),
      from,
      to,
    );
    const lens: Lens = reader.role === 'customer' ? { kind: 'owner' } : { kind: 'pseudonymised' };
    const { vehicle } = await this.vehicles.forDelivery(vehicleId, known.customerId, lens);
    return {
      vehicleId,
      from,
      to,
      view: lens.kind,
      vehicle,
      entries: rows.slice(0, MAX_ENTRIES).map((e) => ({
        deliveryId: e.deliveryId,
        globalPosition: Number(e.globalPosition),
        at: e.at,
        kind: e.kind as CustodyKind,
        grantId: e.grantId,
        courierId: e.courierId,
        attributedTo: e.attributedTo === 'owner' ? 'owner' : null,
        line: e.line,
      })),
      truncated: rows.length > MAX_ENTRIES,
      intervals,
      gaps: intervals
        .filter((i) => i.holders.length === 0)
        .map(({ from: f, to: t }) => ({ from: f, to: t })),
      overlaps: intervals.flatMap((i) => {
        const deliveryIds = [...new Set(i.holders.map((h) => h.deliveryId))];
        return deliveryIds.length > 1 ? [{ from: i.from, to: i.to, deliveryIds }] : [];
      }),
    };
  }
}
