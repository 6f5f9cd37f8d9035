import { useEffect, useState } from 'preact/hooks';

import { answer, ApiError, bearer, client, errorText } from '../shared/api.js';
import { DropPhoto, photosOf } from '../shared/drop-photo.js';
import { dateTime } from '../shared/format.js';
import { ProofBadge } from '../shared/proof-badge.js';
import { claimsOf, storedToken, storeToken } from '../shared/session.js';
import { SignIn } from '../shared/sign-in.js';
import { PageFrame } from '../shared/page-frame.js';
import type { DeliverySummary, Timeline } from '../shared/types.js';
import { go, useHashRoute } from '../shared/use-hash-route.js';
import { AccessLog } from './access-log.js';
import { DataExport } from './data-export.js';
import { ErasureRequest } from './erasure-request.js';
import { storyWords } from './story-words.js';

const TOKEN_KEY = 'keytrail.proof.token';

/** The customer's proof page: their deliveries in plain words, verified, and who saw their data. */
export function CustomerApp() {
  const [token, setToken] = useState<string | null>(() => {
    const stored = storedToken(TOKEN_KEY);
    return stored && claimsOf(stored)?.role === 'customer' ? stored : null;
  });
  const [refresh, setRefresh] = useState(0);
  const route = useHashRoute();
  if (!token)
    return (
      <SignIn
        title="keytrail — proof of your delivery"
        roles={['customer']}
        hint="Paste the token your delivery service gave you. For development: npm run -s keytrail -- token --role customer --sub <your customer id>"
        onToken={(t) => {
          storeToken(TOKEN_KEY, t);
          setToken(t);
        }}
      />
    );
  const customerId = claimsOf(token)!.sub;
  const delivery = /^\/deliveries\/([^/]+)$/.exec(route);
  return (
    <PageFrame
      navLabel="Your deliveries"
      nav={<a href="#/">Your deliveries</a>}
      onSignOut={() => {
        storeToken(TOKEN_KEY, null);
        setToken(null);
      }}
    >
      {delivery ? (
        <CustomerDelivery token={token} deliveryId={decodeURIComponent(delivery[1]!)} />
      ) : (
        <CustomerHome token={token} customerId={customerId} />
      )}
      <AccessLog token={token} customerId={customerId} refresh={refresh} />
      <DataExport token={token} customerId={customerId} onDone={() => setRefresh((n) => n + 1)} />
      <ErasureRequest
        token={token}
        customerId={customerId}
        onDone={() => setRefresh((n) => n + 1)}
      />
    </PageFrame>
  );
}

function CustomerHome(props: { token: string; customerId: string }) {
  const [deliveries, setDeliveries] = useState<DeliverySummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [lookup, setLookup] = useState('');
  useEffect(() => {
    answer(
      client.GET('/v1/deliveries', {
        params: { query: { customerId: props.customerId, limit: 50 } },
        headers: bearer(props.token),
      }),
    )
      .then((page) => setDeliveries([...page.items]))
      .catch((error: unknown) => setProblem(errorText(error)));
  }, [props.customerId, props.token]);
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Your deliveries</h1>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {deliveries && deliveries.length === 0 && <p>No delivery to your car yet.</p>}
      {deliveries && deliveries.length > 0 && (
        <ul class="delivery-list">
          {deliveries.map((d) => (
            <li key={d.deliveryId}>
              <a href={`#/deliveries/${encodeURIComponent(d.deliveryId)}`}>
                Delivery {d.deliveryId}
              </a>{' '}
              — {d.status}
              {typeof d.windowFrom === 'string' ? `, ${dateTime(d.windowFrom)}` : ''}
            </li>
          ))}
        </ul>
      )}
      <form
        class="lookup"
        onSubmit={(e) => {
          e.preventDefault();
          if (lookup.trim()) go(`/deliveries/${encodeURIComponent(lookup.trim())}`);
        }}
      >
        <label for="lookup">Delivery number</label>
        <input
          id="lookup"
          value={lookup}
          onInput={(e) => setLookup((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Show</button>
      </form>
    </section>
  );
}

function CustomerDelivery(props: { token: string; deliveryId: string }) {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setTimeline(null);
    setProblem(null);
    answer(
      client.GET('/v1/deliveries/{id}/timeline', {
        params: { path: { id: props.deliveryId } },
        headers: bearer(props.token),
      }),
    )
      .then((shown) => current && setTimeline(shown))
      .catch((error: unknown) => {
        if (!current) return;
        setProblem(
          error instanceof ApiError && error.status === 404
            ? 'Delivery not found: there is no delivery with that number to your car.'
            : errorText(error),
        );
      });
    return () => {
      current = false;
    };
  }, [props.deliveryId, props.token]);
  if (problem)
    return (
      <section aria-labelledby="delivery-title">
        <h1 id="delivery-title">Delivery {props.deliveryId}</h1>
        <p class="error" role="alert" data-testid="not-found">
          {problem}
        </p>
      </section>
    );
  if (!timeline)
    return (
      <section aria-busy="true">
        <h1>Delivery {props.deliveryId}</h1>
        <p>Loading…</p>
      </section>
    );
  const photos = photosOf(timeline.entries);
  return (
    <article aria-labelledby="delivery-title" class="customer-delivery">
      <h1 id="delivery-title">Delivery {props.deliveryId}</h1>
      <ul class="story" data-testid="story">
        {storyWords(timeline.entries).map((sentence, i) => (
          <li key={i}>{sentence}</li>
        ))}
      </ul>
      <ProofBadge deliveryId={props.deliveryId} token={props.token} />
      {photos.map((photo) => (
        <DropPhoto
          key={photo.packageId}
          token={props.token}
          photo={photo}
          whenHidden="The photo is no longer available."
        />
      ))}
    </article>
  );
}
