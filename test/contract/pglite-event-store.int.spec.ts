import { contractSubjectOf, openEmbeddedLedger } from '../support/open-ledger.js';
import { describeEventStoreContract } from './event-store.contract.js';

describeEventStoreContract(
  'Embedded PGlite',
  async () => contractSubjectOf(await openEmbeddedLedger()),
  {
    scale: { writers: 8, eventsPerWriter: 2600 },
    appendOnlyBySql: true,
  },
);
