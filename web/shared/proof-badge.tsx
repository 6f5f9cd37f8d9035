import { useEffect, useState } from 'preact/hooks';

import { type Cosigned, verifyCosignatures } from '../../src/verifier/cosignature.js';
import { verifyBundle, type VerificationReport } from '../../src/verifier/verify-bundle.js';
import { answer, bearer, client, errorText } from './api.js';
import { type FactSigner, factSigners } from './fact-signers.js';

/** Which of the witnesses the ledger names cosigned the bundle's checkpoint. */
interface Witnessed {
  readonly cosigned: readonly Cosigned[];
  readonly listed: number;
  readonly quorum: number;
}

type Outcome =
  | { readonly state: 'checking' }
  | {
      readonly state: 'verified';
      readonly report: VerificationReport;
      readonly key: string;
      readonly witnessed: Witnessed | null;
      readonly facts: readonly FactSigner[];
    }
  | {
      readonly state: 'failed';
      readonly report: VerificationReport;
      readonly facts: readonly FactSigner[];
    }
  | { readonly state: 'unavailable'; readonly reason: string };

/**
 * Verifies the delivery's proof bundle here, in the browser, with the same standalone verifier as
 * `npx keytrail verify`: the checkpoint's signature against the log's published key, every hash chain
 * link, every inclusion proof, and the timeline recomputed from the events. Green only when all hold;
 * red naming what failed. The words carry the verdict, not the colour alone. It also names the
 * witnesses whose cosignature of the checkpoint verifies; a line under a witness's name that does not
 * verify fails the proof. And it says who signed each fact: the carmaker's key, its signature verified
 * here with the public key the ledger publishes for it, or "unsigned"; a signature that does not
 * verify fails the proof. `onFacts` hands each fact's signer to the page (its timeline shows them).
 */
export function ProofBadge(props: {
  deliveryId: string;
  token: string;
  refresh?: number;
  onFacts?: (facts: readonly FactSigner[]) => void;
}) {
  const [outcome, setOutcome] = useState<Outcome>({ state: 'checking' });
  const onFacts = props.onFacts;
  useEffect(() => {
    if (onFacts && (outcome.state === 'verified' || outcome.state === 'failed'))
      onFacts(outcome.facts);
  }, [outcome, onFacts]);

  useEffect(() => {
    let current = true;
    setOutcome({ state: 'checking' });
    void (async () => {
      try {
        const [keys, bundle] = await Promise.all([
          answer(client.GET('/v1/checkpoints/keys')),
          answer(
            client.GET('/v1/deliveries/{id}/proof', {
              params: { path: { id: props.deliveryId } },
              headers: bearer(props.token),
            }),
          ),
        ]);
        // The published keys, current first: a checkpoint signed before a rotation verifies with
        // the key of its time.
        let report: VerificationReport | null = null;
        let facts: readonly FactSigner[] = [];
        for (const key of keys.verifierKeys) {
          report = verifyBundle(bundle, key);
          if (report.ok) {
            // Who signed each fact, from the proved events, with the carmakers' published keys.
            facts = factSigners(bundle, keys.sourceKeys ?? []);
            const bad = facts.filter((fact) => fact.status === 'failed');
            if (bad.length > 0) {
              report = {
                ...report,
                ok: false,
                checked: [],
                failures: bad.map((fact) => ({
                  check: 'source',
                  eventId: fact.eventId,
                  message: `${fact.type} ${fact.words}: ${fact.detail}`,
                })),
              };
              break;
            }
            const witnesses = keys.witnesses ?? [];
            if (witnesses.length === 0) {
              if (current) setOutcome({ state: 'verified', report, key, witnessed: null, facts });
              return;
            }
            const cosignatures = verifyCosignatures(bundle.checkpoint, witnesses, 0);
            if (cosignatures.invalid.length > 0) {
              report = {
                ...report,
                ok: false,
                checked: [],
                failures: cosignatures.invalid.map((message) => ({ check: 'witnesses', message })),
              };
              break;
            }
            const witnessed = {
              cosigned: cosignatures.cosigned,
              listed: witnesses.length,
              quorum: keys.witnessQuorum ?? witnesses.length,
            };
            if (current) setOutcome({ state: 'verified', report, key, witnessed, facts });
            return;
          }
          if (report.failures.some((failure) => failure.check !== 'checkpoint')) break;
        }
        if (current)
          setOutcome(
            report
              ? { state: 'failed', report, facts }
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
        {outcome.facts.length > 0 && <SignerList facts={outcome.facts} />}
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
      {outcome.witnessed && <WitnessList witnessed={outcome.witnessed} />}
      {outcome.facts.length > 0 && <SignerList facts={outcome.facts} />}
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

const cosignedAt = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

function WitnessList({ witnessed }: { witnessed: Witnessed }) {
  const { cosigned, listed, quorum } = witnessed;
  return (
    <div class="witnesses" data-testid="proof-witnesses">
      <p>
        {cosigned.length >= quorum
          ? `Cosigned by ${cosigned.length} of the ${listed} witnesses (the ledger asks for ${quorum}):`
          : `Cosigned by only ${cosigned.length} of the ${quorum} witnesses the ledger asks for${cosigned.length > 0 ? ':' : '.'}`}
      </p>
      {cosigned.length > 0 && (
        <ul>
          {cosigned.map((c) => (
            <li key={c.witness}>
              <code>{c.witness.split('+')[0]}</code>, at {cosignedAt(c.timestamp)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const MARK: Record<FactSigner['status'], string> = {
  verified: '✓',
  unchecked: '?',
  unsigned: '–',
  failed: '✗',
};

/** Each fact of the proof and who signed it; the verdict in words, the mark only repeating it. */
function SignerList({ facts }: { facts: readonly FactSigner[] }) {
  const signed = facts.filter((fact) => fact.status !== 'unsigned').length;
  return (
    <div class="signers" data-testid="proof-signers">
      <p>
        Who signed each fact: {signed} of {facts.length} signed at the source, the others unsigned.
      </p>
      <ul>
        {facts.map((fact) => (
          <li key={fact.eventId} class={`signer signer-${fact.status}`} data-testid="fact-signer">
            <span aria-hidden="true">{MARK[fact.status]} </span>
            {fact.line} — <strong>{fact.words}</strong>
            {fact.status === 'unsigned' ? '' : `: ${fact.detail}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
