import type { AuthConfig } from '../config/keytrail-config.js';
import type { Vendor } from '../domain/delivery/delivery.vocabulary.js';
import { mintToken } from '../modules/auth/token-issuer.js';

/** Everyone who talks to the ledger in the demo, each with the token that caller would carry. */
export interface DemoCallers {
  readonly deliveryService: string;
  readonly connectors: Readonly<Record<Vendor, string>>;
  /** The investigator who opens the case and reveals. */
  readonly investigator: string;
  readonly investigatorId: string;
  /** A second investigator: the one who will approve cases (four-eyes). */
  readonly reviewer: string;
  readonly reviewerId: string;
  customer(customerId: string): Promise<string>;
}

export async function demoCallers(auth: AuthConfig): Promise<DemoCallers> {
  const connector = (vendor: Vendor) =>
    mintToken(auth, { sub: `${vendor}-connector`, role: 'oem-connector', vendor });
  const customers = new Map<string, Promise<string>>();
  return {
    deliveryService: await mintToken(auth, { sub: 'delivery-system', role: 'delivery-service' }),
    connectors: {
      volvo: await connector('volvo'),
      gm: await connector('gm'),
      tesla: await connector('tesla'),
    },
    investigator: await mintToken(auth, { sub: 'inv-ana', role: 'investigator' }),
    investigatorId: 'inv-ana',
    reviewer: await mintToken(auth, { sub: 'inv-ben', role: 'investigator' }),
    reviewerId: 'inv-ben',
    customer(customerId) {
      const known = customers.get(customerId);
      if (known) return known;
      const minted = mintToken(auth, { sub: customerId, role: 'customer' });
      customers.set(customerId, minted);
      return minted;
    },
  };
}
