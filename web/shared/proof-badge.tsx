import { useEffect, useState } from 'preact/hooks';

import type { ProofBundle } from '../../src/verifier/proof-bundle.js';
import { verifyBundle, type VerificationReport } from '../../src/verifier/verify-bundle.js';
import { api, errorText } from './api.js';

type Outcome =
  | { readonly state: 'checking' }
  | { readonly state: 'verified'; readonly report: VerificationReport; readonly key: string }
  | { readonly state: 'failed'; readonly report: VerificationReport }
  | { readonly state: 'unavailable'; readonly reason: string };

/**
 * Verifies the delivery's proof bundle here, in the browser, with the same standalone verifier as
 * `npx keytrail verify`: the checkpoint's signature against the log's published key, every hash chain
 * link, every inclusion proof, and the timeline recomputed from the events. Green only when all hold;
 * red naming what failed. The words carry the verdict, not the colour alone.
 */
export function ProofBadge(props: { deliveryId: string; token: string; refresh?: number }) {
  const [outcome, setOutcome] = useState<Outcome>({ state: 'checking' });

  useEffect(() => {
    let current = true;
    setOutcome({ state: 'checking' });
    void (async () => {
      try {
        const [keys, bundle] = await Promise.all([
          api<{ verifierKeys: string[] }>('/v1/checkpoints/keys'),
          api<ProofBundle>(`/v1/deliveries/${encodeURIComponent(props.deliveryId)}/proof`, {
            token: props.token,
          }),
        ]);
        // The published keys, current first: a checkpoint signed before a rotation verifies with
        // the key of its time.
        let report: VerificationReport | null = null;
        for (const key of keys.verifierKeys) {
          report = verifyBundle(bundle, key);
          if (report.ok) {
            if (current) setOutcome({ state: 'verified', report, key });
            return;
          }
          if (report.failures.some((failure) => failure.check !== 'checkpoint')) break;
        }
        if (current)
          setOutcome(
            report
              ? { state: 'failed', report }
              : { state: 'unavailable', reason: 'the ledger publishes no key' },
          );
      } catch (error) {
        if (current) setOutcome({ state: 'unavailable', reason: errorText(error) });
      }
    })();
    return () => {
      current = false;
    };
  }, [props.deliveryId, props.token, props.refresh]);

  if (outcome.state === 'checking')
    return (
      <section class="proof proof-checking" aria-live="polite" data-testid="proof-badge">
        <p class="badge">
          <span aria-hidden="true">…</span> Checking the proof
        </p>
      </section>
    );
  if (outcome.state === 'unavailable')
    return (
      <section class="proof proof-unavailable" aria-live="polite" data-testid="proof-badge">
        <p class="badge">
          <span aria-hidden="true">?</span> Proof not checked: {outcome.reason}
        </p>
      </section>
    );
  if (outcome.state === 'failed') {
    return (
      <section class="proof proof-failed" aria-live="assertive" data-testid="proof-badge">
        <p class="badge">
          <span aria-hidden="true">✗</span> Proof FAILED
        </p>
        <ul>
          {outcome.report.failures.map((failure, i) => (
            <li key={i}>
              <strong>{failure.check}</strong>
              {failure.eventId ? ` — event ${failure.eventId}` : ''}
              {failure.globalPosition !== undefined
                ? ` (position ${failure.globalPosition})`
                : ''}: {failure.message}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const checkpoint = outcome.report.checkpoint;
  return (
    <section class="proof proof-verified" aria-live="polite" data-testid="proof-badge">
      <p class="badge">
        <span aria-hidden="true">✓</span> Proof verified
      </p>
      {checkpoint && (
        <p class="checkpoint">
          Against the signed checkpoint of <code>{checkpoint.origin}</code> at tree size{' '}
          {checkpoint.size}, root <code class="hash">{checkpoint.rootHash.slice(0, 16)}…</code>
        </p>
      )}
      <details>
        <summary>What was checked, in this browser</summary>
        <ul>
          {outcome.report.checked.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
        <p>
          Key: <code class="hash">{outcome.key}</code>. Check it yourself: docs/INTEGRITY.md.
        </p>
      </details>
    </section>
  );
}
