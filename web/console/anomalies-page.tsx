import { useEffect, useState } from 'preact/hooks';

import { SEVERITIES } from '../../src/story/anomalies/anomaly.js';
import { answer, bearer, client, errorText } from '../shared/api.js';
import { dateTime, words } from '../shared/format.js';
import type { Anomaly } from '../shared/types.js';

/** Open anomalies, most severe first, each linking to its delivery. */
export function AnomaliesPage(props: { token: string }) {
  const [items, setItems] = useState<Anomaly[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);

  useEffect(() => {
    let current = true;
    setBusy(true);
    answer(
      client.GET('/v1/anomalies', {
        params: { query: { cursor: cursor ?? undefined, limit: 50 } },
        headers: bearer(props.token),
      }),
    )
      .then((page) => {
        if (!current) return;
        setItems((shown) => (cursor ? [...shown, ...page.items] : [...page.items]));
        setMore(page.nextCursor);
        setProblem(null);
      })
      .catch((error: unknown) => current && setProblem(errorText(error)))
      .finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [cursor, props.token]);

  return (
    <section aria-labelledby="anomalies-title" aria-busy={busy}>
      <h2 id="anomalies-title">Open anomalies</h2>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {!busy && items.length === 0 && !problem && <p>No anomaly has been raised.</p>}
      {SEVERITIES.map((severity) => {
        const ofSeverity = items.filter((a) => a.severity === severity);
        if (ofSeverity.length === 0) return null;
        return (
          <section key={severity} aria-labelledby={`sev-${severity}`} class="severity-group">
            <h3 id={`sev-${severity}`}>
              <span class={`badge severity-${severity}`}>{severity}</span> {ofSeverity.length}
            </h3>
            <ul class="anomaly-list">
              {ofSeverity.map((a, i) => (
                <li key={`${a.deliveryId}-${a.code}-${i}`}>
                  <strong>{words(a.code)}</strong>: {a.reason}{' '}
                  <a href={`#/deliveries/${encodeURIComponent(a.deliveryId)}`}>
                    delivery {a.deliveryId}
                  </a>
                  {a.detectedAt && (
                    <>
                      {' '}
                      · <time dateTime={a.detectedAt}>{dateTime(a.detectedAt)}</time>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {more && (
        <button type="button" disabled={busy} onClick={() => setCursor(more)}>
          Show more
        </button>
      )}
    </section>
  );
}
