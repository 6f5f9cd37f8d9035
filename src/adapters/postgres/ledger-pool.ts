import pg from 'pg';

import { parseDatabaseHosts } from './database-hosts.js';
import { readWriteClient } from './read-write-client.js';

export interface LedgerPoolOptions {
  /** How its sessions are named in pg_stat_activity (node-postgres sends none by default). */
  readonly applicationName?: string;
  /** Every transaction read-only: a pool of reads cannot write, whichever server it reaches. */
  readonly readOnly?: boolean;
}

/**
 * A connection pool to the ledger's database. With several hosts, or target_session_attrs, each new
 * connection finds its server (a failover); a read pool's too, so that a read database that cannot
 * be reached answers STORE.UNAVAILABLE (503).
 */
export function createLedgerPool(
  url: string,
  size: number,
  options: LedgerPoolOptions = {},
): pg.Pool {
  const target = parseDatabaseHosts(url);
  const choosesHost =
    target.hosts.length > 1 || target.targetSessionAttrs !== 'any' || options.readOnly === true;
  return new pg.Pool({
    connectionString: target.singleHostUrl,
    max: size,
    connectionTimeoutMillis: 10_000,
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
    ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    ...(choosesHost ? { Client: readWriteClient(target) } : {}),
  });
}
