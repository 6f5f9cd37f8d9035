import pg from 'pg';

import { EventStoreUnavailableError } from '../../event-store/event-store.errors.js';
import type { DatabaseHost, DatabaseHosts } from './database-hosts.js';

/** How long one server of the list gets to answer before the next is tried. */
const PROBE_TIMEOUT_MS = 3_000;

/**
 * A node-postgres Client for the pool that connects to the first server of the list that answers and,
 * with target_session_attrs=read-write, accepts writes (`SHOW transaction_read_only` is off), as libpq
 * does. After a failover the old primary refuses or cannot be reached and a promoted standby answers
 * read-write, so new pool connections find it without a restart. The server that last accepted is
 * tried first.
 */
export function readWriteClient(target: DatabaseHosts): typeof pg.Client {
  let lastGood: DatabaseHost | null = null;

  const choose = async (config: pg.ClientConfig): Promise<DatabaseHost> => {
    const order = lastGood
      ? [lastGood, ...target.hosts.filter((h) => h !== lastGood)]
      : target.hosts;
    const refusals: string[] = [];
    for (const candidate of order) {
      const probe = new pg.Client({ ...config, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
      aimAt(probe, candidate);
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if (target.targetSessionAttrs === 'read-write') {
          const { rows } = await probe.query<{ transaction_read_only: string }>(
            'SHOW transaction_read_only',
          );
          if (rows[0]?.transaction_read_only !== 'off') {
            refusals.push(`${candidate.host}:${candidate.port} is read-only`);
            continue;
          }
        }
        lastGood = candidate;
        return candidate;
      } catch (error) {
        refusals.push(`${candidate.host}:${candidate.port}: ${(error as Error).message}`);
      } finally {
        await probe.end().catch(() => undefined);
      }
    }
    // Whatever asked for the connection (the event store, a read model, the data keys) answers 503.
    throw new EventStoreUnavailableError(
      new Error(`No ${target.targetSessionAttrs} server among ${refusals.join('; ')}`),
    );
  };

  // A connection string in the config wins over host and port given beside it: set them after.
  const aimAt = (client: pg.Client, server: DatabaseHost) => {
    const fields = client as unknown as { host: string; port: number };
    fields.host = server.host;
    fields.port = server.port;
  };

  class ReadWriteClient extends pg.Client {
    private readonly config: pg.ClientConfig;

    constructor(config: pg.ClientConfig) {
      super(config);
      this.config = config;
    }

    override connect(): Promise<pg.Client>;
    override connect(
      callback: ((err: Error) => void) | ((err: null, client: pg.Client) => void),
    ): void;
    override connect(
      callback?: ((err: Error) => void) | ((err: null, client: pg.Client) => void),
    ): Promise<pg.Client> | void {
      const connected = choose(this.config).then((chosen) => {
        aimAt(this, chosen);
        return super.connect();
      });
      if (!callback) return connected;
      const answer = callback as (err: Error | null, client?: pg.Client) => void;
      connected.then(
        (client) => answer(null, client),
        (error: Error) => answer(error),
      );
    }
  }
  return ReadWriteClient;
}
