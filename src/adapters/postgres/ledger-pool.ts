import pg from 'pg';

import { parseDatabaseHosts } from './database-hosts.js';
import { readWriteClient } from './read-write-client.js';

/**
 * A connection pool to the ledger's database. With several hosts, or target_session_attrs, each new
 * connection finds its server (a failover).
 */
export function createLedgerPool(url: string, size: number): pg.Pool {
  const target = parseDatabaseHosts(url);
  const choosesHost = target.hosts.length > 1 || target.targetSessionAttrs !== 'any';
  return new pg.Pool({
    connectionString: target.singleHostUrl,
    max: size,
    connectionTimeoutMillis: 10_000,
    ...(choosesHost ? { Client: readWriteClient(target) } : {}),
  });
}
