import type { DataSource } from 'typeorm';

/** The DataSource the query side reads the read models with (ReadModels.dataSource). */
export const READ_MODELS = Symbol('READ_MODELS');

/** How the read pool names itself on the server it reads (pg_stat_activity.application_name). */
export const READ_MODELS_APPLICATION_NAME = 'keytrail-read-models';

/**
 * Where the query side reads the read models: a standby of the ledger's database
 * (KEYTRAIL_READ_DATABASE_URL), or the ledger's own database when none is set. Writes, the events,
 * checkpoints and everything that must see the latest writes stay on the ledger's database.
 */
export class ReadModels {
  constructor(
    readonly dataSource: DataSource,
    /** Whether the reads go to a database of their own (which may lag behind the primary). */
    readonly separate: boolean,
    /** The read database's address without its credentials, for /health and the start-up line. */
    readonly where: string | null,
  ) {}
}

/** A connection string without its password: `postgres://user@host:port/db`. */
export function withoutCredentials(url: string): string {
  return url.replace(/\/\/([^:@/]*)(:[^@/]*)?@/, (_, user: string) => `//${user}@`);
}
