import pg from 'pg';

import { openPostgresLedger } from '../support/open-ledger.js';
import { describeEventStoreContract } from './event-store.contract.js';

describeEventStoreContract(
  'PostgreSQL',
  async () => {
    const ledger = await openPostgresLedger();
    return {
      store: ledger.store,
      openWriter: () => ledger.openWriter(),
      executeSql: async (sql: string) => {
        const client = new pg.Client({ connectionString: ledger.url });
        await client.connect();
        try {
          return await client.query(sql);
        } finally {
          await client.end();
        }
      },
      close: () => ledger.close(),
    };
  },
  { scale: { writers: 8, eventsPerWriter: 2600 }, appendOnlyBySql: true },
);
