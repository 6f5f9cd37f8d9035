import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ReadModels } from '../../adapters/read-models.js';
import { CHECKPOINTS } from '../../../projections/runtime/checkpoints.js';

export interface ReadDatabaseReport {
  /** The read database's address (no credentials). */
  readonly where: string | null;
  /** Whether it is a standby (in recovery), and whether its replay is paused. */
  readonly standby: boolean;
  readonly replayPaused: boolean | null;
  /** Seconds since the standby last replayed a transaction (null: none yet, or not a standby). */
  readonly sinceLastReplaySeconds: number | null;
  /** By projection: how many events its rows there are behind its rows on the primary. */
  readonly behindPrimary: Record<string, number>;
}

interface StateRow {
  standby: boolean;
  replay_paused: boolean | null;
  since_last_replay_s: string | null;
}

const positions = async (dataSource: DataSource): Promise<Map<string, number>> => {
  const rows: { projection: string; position: string }[] = await dataSource.query(
    `SELECT projection, position FROM ${CHECKPOINTS}`,
  );
  return new Map(rows.map((r) => [r.projection, Number(r.position)]));
};

/** Where the read database (KEYTRAIL_READ_DATABASE_URL) stands against the primary. */
@Injectable()
export class ReadDatabaseHealth {
  constructor(
    private readonly readModels: ReadModels,
    private readonly primary: DataSource,
  ) {}

  get separate(): boolean {
    return this.readModels.separate;
  }

  async report(): Promise<ReadDatabaseReport> {
    const reads = this.readModels.dataSource;
    const [state] = await reads.query<StateRow[]>(
      `SELECT pg_is_in_recovery() AS standby,
              CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END AS replay_paused,
              extract(epoch FROM now() - pg_last_xact_replay_timestamp()) AS since_last_replay_s`,
    );
    const [there, here] = await Promise.all([positions(reads), positions(this.primary)]);
    const behindPrimary = Object.fromEntries(
      [...here].map(([name, position]) => [name, Math.max(0, position - (there.get(name) ?? 0))]),
    );
    return {
      where: this.readModels.where,
      standby: state?.standby ?? false,
      replayPaused: state?.replay_paused ?? null,
      sinceLastReplaySeconds:
        state?.since_last_replay_s == null ? null : Number(state.since_last_replay_s),
      behindPrimary,
    };
  }
}
