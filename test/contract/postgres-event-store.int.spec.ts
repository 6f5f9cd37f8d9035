import { contractSubjectOf, openPostgresLedger } from '../support/open-ledger.js';
import { describeEventStoreContract } from './event-store.contract.js';

describeEventStoreContract(
  'PostgreSQL',
  async () => contractSubjectOf(await openPostgresLedger()),
  {
    scale: { writers: 8, eventsPerWriter: 2600 },
    appendOnlyBySql: true,
  },
);
