import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Gauge } from 'prom-client';

import type { WitnessesConfig } from '../../config/keytrail-config.js';
import { Checkpoints } from '../../integrity/checkpoints.js';
import { Cosignatures, witnessLags } from '../../integrity/cosignatures.js';
import { LedgerMetrics } from '../../observability/ledger-metrics.js';
import { Public } from '../auth/roles.decorator.js';
import { WITNESSES } from '../integrity/integrity.tokens.js';
import { type ProjectionHealth, ProjectionsHealth } from './projections-health.js';

/** Runs `read` once for the gauges of one scrape, which collect together. */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => (pending ??= read().finally(() => (pending = null)));
}

/**
 * Prometheus metrics: the ledger's own (appends, batches, conflicts, replays, denials, routes) and,
 * read at each scrape, where the projections and the signed checkpoints stand. No personal data:
 * only positions, counts, durations and codes.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsHttpController {
  constructor(
    private readonly ledgerMetrics: LedgerMetrics,
    @Inject(ProjectionsHealth) projections: ProjectionsHealth,
    @Inject(Checkpoints) checkpoints: Checkpoints,
    @Inject(Cosignatures) cosignatures: Cosignatures,
    @Inject(WITNESSES) witnesses: WitnessesConfig | null,
  ) {
    const registers = [ledgerMetrics.registry];
    const report = oncePerScrape(() => projections.report());
    const latestCheckpoint = oncePerScrape(() => checkpoints.latest());
    new Gauge({
      name: 'keytrail_ledger_head_position',
      help: 'The global position the next event will get',
      registers,
      async collect() {
        this.set((await report()).headPosition);
      },
    });
    const perProjection = (name: string, help: string, value: (p: ProjectionHealth) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers,
        async collect() {
          for (const p of (await report()).projections)
            this.set({ projection: p.projection }, value(p));
        },
      });
    perProjection(
      'keytrail_projection_position',
      'The next global position a projection will apply',
      (p) => p.position,
    );
    perProjection(
      'keytrail_projection_lag_events',
      'Events committed that a projection has not applied yet',
      (p) => p.lag,
    );
    perProjection(
      'keytrail_projection_parked_events',
      'Events a projection could not apply and set aside',
      (p) => p.parked,
    );
    new Gauge({
      name: 'keytrail_checkpoint_age_seconds',
      help: 'Since the latest signed checkpoint was issued (NaN before the first one)',
      registers,
      async collect() {
        const latest = await latestCheckpoint();
        this.set(latest ? (Date.now() - Date.parse(latest.issuedAt)) / 1000 : NaN);
      },
    });
    new Gauge({
      name: 'keytrail_checkpoint_tree_size',
      help: 'Events covered by the latest signed checkpoint',
      registers,
      async collect() {
        this.set((await latestCheckpoint())?.treeSize ?? 0);
      },
    });
    new Gauge({
      name: 'keytrail_tree_leaves_awaiting_checkpoint',
      help: 'Events in the Merkle tree that no signed checkpoint covers yet (the merkle projection lag counts those not in the tree)',
      registers,
      async collect() {
        const [size, latest] = await Promise.all([checkpoints.treeSize(), latestCheckpoint()]);
        this.set(Math.max(0, size - (latest?.treeSize ?? 0)));
      },
    });
    if (witnesses)
      new Gauge({
        name: 'keytrail_witness_lag_events',
        help: 'Leaves between the latest signed checkpoint and the largest one each witness cosigned (KEYTRAIL_WITNESSES), by witness name',
        labelNames: ['witness'],
        registers,
        async collect() {
          const latest = await latestCheckpoint();
          const names = witnesses.witnesses.map((w) => w.name);
          for (const w of await witnessLags(latest?.treeSize ?? 0, cosignatures, names))
            this.set({ witness: w.witness }, w.lag);
        },
      });
  }

  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.ledgerMetrics.registry.metrics();
  }
}
