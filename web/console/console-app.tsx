import { useState } from 'preact/hooks';

import { claimsOf, storedToken, storeToken } from '../shared/session.js';
import { SignIn } from '../shared/sign-in.js';
import { PageFrame } from '../shared/page-frame.js';
import { useHashRoute } from '../shared/use-hash-route.js';
import { AnomaliesPage } from './anomalies-page.js';
import { CasesPage } from './cases-page.js';
import { CustodyPage } from './custody-page.js';
import { DeliveryPage } from './delivery-page.js';
import { SearchPage } from './search-page.js';

const TOKEN_KEY = 'keytrail.console.token';
const ROLES = ['investigator', 'admin', 'supervisor'] as const;

/**
 * The investigator console: search, a delivery's proof, a car's custody, open anomalies, and the cases
 * waiting for a second person's approval (all a supervisor sees).
 */
export function ConsoleApp() {
  const [token, setToken] = useState<string | null>(() => {
    const stored = storedToken(TOKEN_KEY);
    const claims = stored ? claimsOf(stored) : null;
    return claims && ROLES.includes(claims.role as (typeof ROLES)[number]) ? stored : null;
  });
  const route = useHashRoute();
  if (!token)
    return (
      <SignIn
        title="keytrail — investigator console"
        roles={ROLES}
        hint="Paste an investigator's or a supervisor's bearer token. For development: npm run -s keytrail -- token --role investigator --sub inv-ana"
        onToken={(t) => {
          storeToken(TOKEN_KEY, t);
          setToken(t);
        }}
      />
    );
  const claims = claimsOf(token)!;
  const delivery = /^\/deliveries\/([^/]+)$/.exec(route);
  const custody = /^\/vehicles\/([^/?]+)\/custody\?(.*)$/.exec(route);
  const range = new URLSearchParams(custody?.[2] ?? '');
  // A supervisor approves cases and sees no delivery: the cases page is all of their console.
  const supervisor = claims.role === 'supervisor';
  const page =
    supervisor || route === '/cases'
      ? 'cases'
      : delivery
        ? 'delivery'
        : custody
          ? 'custody'
          : route === '/anomalies'
            ? 'anomalies'
            : 'search';
  return (
    <PageFrame
      navLabel="Console"
      nav={
        <>
          {!supervisor && (
            <>
              <a href="#/" aria-current={page === 'search' ? 'page' : undefined}>
                Deliveries
              </a>
              <a href="#/anomalies" aria-current={page === 'anomalies' ? 'page' : undefined}>
                Anomalies
              </a>
            </>
          )}
          <a href="#/cases" aria-current={page === 'cases' ? 'page' : undefined}>
            Cases to approve
          </a>
        </>
      }
      who={
        <>
          {claims.role} <code>{claims.sub}</code>
        </>
      }
      onSignOut={() => {
        storeToken(TOKEN_KEY, null);
        setToken(null);
      }}
    >
      {page === 'cases' ? (
        <CasesPage token={token} sub={claims.sub} role={claims.role} />
      ) : delivery ? (
        <DeliveryPage token={token} deliveryId={decodeURIComponent(delivery[1]!)} />
      ) : custody ? (
        <CustodyPage
          token={token}
          vehicleId={decodeURIComponent(custody[1]!)}
          from={range.get('from') ?? ''}
          to={range.get('to') ?? ''}
        />
      ) : page === 'anomalies' ? (
        <AnomaliesPage token={token} />
      ) : (
        <SearchPage token={token} />
      )}
    </PageFrame>
  );
}
