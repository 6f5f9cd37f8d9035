import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';

import { READ_MODELS } from '../../../../adapters/read-models.js';
import { AnomalyEntity } from '../../../../../projections/anomalies/anomaly.entity.js';
import { decodeCursor, keysetPage } from '../../../../http/cursor.js';
import { type AnomalyPage, ListAnomaliesQuery } from './list-anomalies.query.js';

/** Anomalies most severe first, then newest first. */
@QueryHandler(ListAnomaliesQuery)
export class ListAnomaliesHandler implements IQueryHandler<ListAnomaliesQuery, AnomalyPage> {
  constructor(@Inject(READ_MODELS) private readonly dataSource: DataSource) {}

  async execute({ filters }: ListAnomaliesQuery): Promise<AnomalyPage> {
    const limit = filters.limit ?? 50;
    const query = this.dataSource.getRepository(AnomalyEntity).createQueryBuilder('a');
    if (filters.code) query.andWhere('a.code = :code', { code: filters.code });
    if (filters.severity) query.andWhere('a.severity = :severity', { severity: filters.severity });
    if (filters.deliveryId)
      query.andWhere('a.delivery_id = :deliveryId', { deliveryId: filters.deliveryId });
    if (filters.cursor) {
      const [rank, position, id] = decodeCursor(filters.cursor, ['number', 'number', 'string']);
      query.andWhere(
        '(a.severity_rank > :rank OR (a.severity_rank = :rank AND (a.global_position < :position OR (a.global_position = :position AND a.anomaly_id > :id))))',
        { rank, position, id },
      );
    }
    const rows = await query
      .orderBy('a.severity_rank', 'ASC')
      .addOrderBy('a.global_position', 'DESC')
      .addOrderBy('a.anomaly_id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const { page, nextCursor } = keysetPage(rows, limit, (last) => [
      last.severityRank,
      Number(last.globalPosition),
      last.anomalyId,
    ]);
    return {
      items: page.map((a) => ({
        anomalyId: a.anomalyId,
        code: a.code,
        severity: a.severity,
        deliveryId: a.deliveryId,
        rule: a.rule,
        reason: a.reason,
        evidence: a.evidence.map(Number),
        detectedAt: a.detectedAt,
      })),
      nextCursor,
    };
  }
}
