import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CHECKPOINTS } from '../../../projections/runtime/checkpoints.js';
import type { ProjectionRuntime } from '../../../projections/runtime/projection-runtime.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { PROJECTION_RUNTIME } from '../projections/projection-runtime.provider.js';

export const PROJECTION_STALL_SECONDS = Symbol('PROJECTION_STALL_SECONDS');
/** Whether a stall makes this instance not ready: only where it runs the projections itself. */
export const STALL_FAILS_READINESS = Symbol('STALL_FAILS_READINESS');
export const DEFAULT_PROJECTION_STALL_SECONDS = 120;

/** The most recent parked events /health lists per projection (all of them are counted). */
const PARKED_LISTED = 10;

export interface ParkedEventHealth {
  readonly position: number;
  readonly eventType: string;
  readonly reason: string;
  readonly attempts: number;
  readonly parkedAt: string;
}

export interface ProjectionHealth {
  readonly projection: string;
  readonly position: number;
  readonly lag: number;
  readonly parked: number;
  readonly lastError: string | null;
  /** Since its checkpoint last moved or was marked current; null before it ever ran. */
  readonly idleSeconds: number | null;
  /** No progress for the stall threshold while events wait for it: readiness fails. */
  readonly stalled: boolean;
  readonly parkedEvents: readonly ParkedEventHealth[];
}

export interface ProjectionsReport {
  readonly headPosition: number;
  readonly stallSeconds: number;
  readonly projections: ProjectionHealth[];
}

interface CheckpointRow {
  projection: string;
  position: string;
  idle_seconds: string | null;
  parked: string;
}

interface ParkedRow {
  projection: string;
  global_position: string;
  event_type: string;
  error: string;
  attempts: number;
  parked_at: Date;
}

/**
 * Where each projection stands, from the checkpoints and parked events in the database (shared by every
 * process, whichever runs the projections), with this process's runner's last error when it runs them.
 */
@Injectable()
export class ProjectionsHealth {
  constructor(
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly dataSource: DataSource,
    @Inject(PROJECTION_STALL_SECONDS) private readonly stallSeconds: number,
  ) {}

  async report(): Promise<ProjectionsReport> {
    const names = this.runtime.runners.map((r) => r.projection.name);
    const headPosition = await this.store.headPosition();
    const checkpoints: CheckpointRow[] = await this.dataSource.query(
      `SELECT c.projection, c.position, extract(epoch FROM now() - c.updated_at) AS idle_seconds,
              (SELECT count(*) FROM read.parked_events p WHERE p.projection = c.projection) AS parked
         FROM ${CHECKPOINTS} c WHERE c.projection = ANY($1)`,
      [names],
    );
    const parked: ParkedRow[] = await this.dataSource.query(
      `SELECT projection, global_position, event_type, error, attempts, parked_at FROM (
         SELECT p.*, row_number() OVER (PARTITION BY projection ORDER BY global_position DESC) AS n
           FROM read.parked_events p WHERE projection = ANY($1)) listed
        WHERE n <= ${PARKED_LISTED} ORDER BY projection, global_position`,
      [names],
    );
    return {
      headPosition,
      stallSeconds: this.stallSeconds,
      projections: names.map((name) => {
        const row = checkpoints.find((c) => c.projection === name);
        const position = Number(row?.position ?? 0);
        const lag = Math.max(0, headPosition - position);
        const idleSeconds = row?.idle_seconds == null ? null : Number(row.idle_seconds);
        return {
          projection: name,
          position,
          lag,
          parked: Number(row?.parked ?? 0),
          lastError: this.runtime.running
            ? (this.runtime.runner(name)?.status().lastError ?? null)
            : null,
          idleSeconds: idleSeconds === null ? null : Math.round(idleSeconds),
          stalled: lag > 0 && (idleSeconds === null || idleSeconds >= this.stallSeconds),
          parkedEvents: parked
            .filter((p) => p.projection === name)
            .map((p) => ({
              position: Number(p.global_position),
              eventType: p.event_type,
              reason: p.error,
              attempts: p.attempts,
              parkedAt: p.parked_at.toISOString(),
            })),
        };
      }),
    };
  }
}
