import { createServer } from 'node:net';

import { describe, expect, it } from '@jest/globals';
import pg from 'pg';

import { EventStoreUnavailableError } from '../../event-store/event-store.errors.js';
import { PostgresDataKeyStore } from './postgres-data-key-store.js';

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the data-key store without its database', () => {
  it('answers STORE.UNAVAILABLE (503, retry), never a raw connection error that would be a 500', async () => {
    const pool = new pg.Pool({
      connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`,
      connectionTimeoutMillis: 2_000,
    });
    const keys = new PostgresDataKeyStore(pool);
    try {
      await expect(keys.find('delivery/1:d')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(keys.keysOf({ kind: 'customer', id: 'c' })).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
    } finally {
      await pool.end();
    }
  });
});
