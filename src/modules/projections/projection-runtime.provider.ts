import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { createProjections } from '../../../projections/delivery-projections.js';
import { DEFAULT_RUNNER_OPTIONS } from '../../../projections/runtime/projection-runner.js';
import { ProjectionRuntime } from '../../../projections/runtime/projection-runtime.js';
import { Watchdog, type WatchdogCommandSink } from '../../../projections/watchdog/watchdog.js';
import type { Clock } from '../../config/clock.js';
import type { TimeRules } from '../../domain/shared/time-rules.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { CheckpointIssuer } from '../../integrity/checkpoint-issuer.js';
import type { CheckpointPolicy, Checkpoints } from '../../integrity/checkpoints.js';
import type { LedgerMetrics } from '../../observability/ledger-metrics.js';
import type { CommandPipeline } from '../streams/command-pipeline.js';
import { deliveryStream } from '../delivery/delivery.stream.js';
import { parkedEventAlert } from './parked-event-alert.js';

export const PROJECTION_RUNTIME = Symbol('PROJECTION_RUNTIME');

/** The watchdog acts as the ledger itself, through the same decider as every other command. */
export const watchdogSink =
  (pipeline: CommandPipeline): WatchdogCommandSink =>
  async (deliveryId, command, idempotencyKey) => {
    const requestId = randomUUID();
    await pipeline.handle(deliveryStream, {
      id: deliveryId,
      command,
      source: 'watchdog',
      naturalKey: idempotencyKey,
      request: {
        principal: { id: 'watchdog', role: 'system' },
        idempotencyKey: null,
        correlationId: requestId,
        requestId,
      },
    });
  };

export function createProjectionRuntime(
  store: EventStore,
  dataSource: DataSource,
  pipeline: CommandPipeline,
  clock: Clock,
  checkpoints: Checkpoints,
  policy: CheckpointPolicy,
  metrics: LedgerMetrics,
  timeRules: TimeRules,
): ProjectionRuntime {
  const watchdog = new Watchdog(dataSource, watchdogSink(pipeline), clock, timeRules.leftUnlockedS);
  const issuer = new CheckpointIssuer(checkpoints, policy);
  return new ProjectionRuntime(
    createProjections(),
    store,
    dataSource,
    DEFAULT_RUNNER_OPTIONS,
    parkedEventAlert(metrics),
  )
    .alongside((signal) => watchdog.run(signal))
    .alongside((signal) => issuer.run(signal));
}
