import { describe, it } from '@jest/globals';
import { EventStoreDBClient } from '@eventstore/db-client';

import { EventStoreDbEventStore } from '../../src/adapters/eventstoredb/eventstoredb-event-store.js';
import { describeEventStoreContract } from './event-store.contract.js';

/**
 * The same contract against a real EventStoreDB (KurrentDB) server, when EVENTSTORE_URL points at one:
 *   EVENTSTORE_URL='esdb://localhost:2113?tls=false' npm run jest -- test/contract/eventstoredb
 * Without it, nothing stands in for the server: the suite reports that the adapter was not exercised.
 */
const url = process.env.EVENTSTORE_URL;

if (url) {
  const stores: EventStoreDbEventStore[] = [];
  const open = () => {
    const store = new EventStoreDbEventStore(EventStoreDBClient.connectionString(url), {
      pollIntervalMs: 100,
      anyRevisionAttempts: 10,
    });
    stores.push(store);
    return store;
  };
  describeEventStoreContract(
    'EventStoreDB',
    async () => ({
      store: open(),
      openWriter: () => Promise.resolve(open()),
      close: async () => {
        await Promise.all(stores.map((s) => s.close()));
      },
    }),
    { scale: { writers: 8, eventsPerWriter: 2600 }, appendOnlyBySql: false },
  );
} else {
  describe('EventStoreDB event store contract', () => {
    it.skip('is NOT exercised: no EventStoreDB server (set EVENTSTORE_URL to run it)', () =>
      undefined);
  });
}
