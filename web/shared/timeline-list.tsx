import type { FactSigner } from './fact-signers.js';
import { clockTime, words } from './format.js';
import { isGeoPoint, isPersonalMarker, personalText } from './personal.js';
import type { TimelineEntry } from './types.js';

const stateWords = (state: TimelineEntry['stateAfter']): string =>
  [
    words(state.phase),
    `car ${state.vehicle}`,
    state.openClosures.length > 0 ? `open: ${state.openClosures.map(words).join(', ')}` : null,
    state.grantActive ? 'grant active' : 'no active grant',
    state.courierReleased ? 'courier released' : null,
  ]
    .filter(Boolean)
    .join(' · ');

/** The fields of an event's data, personal ones in words as the reader's view allows. */
function DataFields(props: { data: Record<string, unknown> }) {
  const rows = Object.entries(props.data).filter(([key]) => key !== 'raw');
  if (rows.length === 0) return null;
  return (
    <dl class="fields">
      {rows.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{fieldText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function fieldText(value: unknown): string {
  if (typeof value !== 'object' || value === null || isPersonalMarker(value) || isGeoPoint(value))
    return personalText(value);
  if (Array.isArray(value)) return value.map(fieldText).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${key}: ${fieldText(inner)}`)
    .join('; ');
}

/**
 * The proof timeline in the order things happened (each entry keeps its ledger position, and one
 * that arrived out of order says so): when, who, from where, what happened in plain words, the state
 * the delivery was in after it, and the anomalies it raised (named in words, not only coloured).
 */
export function TimelineList(props: {
  entries: readonly TimelineEntry[];
  severities?: Readonly<Record<string, string>>;
  showDetails?: boolean;
  /** Who signed each fact, as the proof badge checked it (absent until it has). */
  signers?: readonly FactSigner[];
}) {
  const signerOf = new Map(props.signers?.map((signer) => [signer.eventId, signer]));
  return (
    <ol class="timeline" aria-label="Proof timeline, in the order things happened">
      {props.entries.map((entry) => (
        <li
          key={entry.eventId}
          class={entry.anomalies.length > 0 ? 'entry flagged' : 'entry'}
          data-testid="timeline-entry"
        >
          <div class="entry-head">
            <time dateTime={entry.at ?? entry.occurredAt}>
              {clockTime(entry.at ?? entry.occurredAt)}
            </time>
            <span class="line">{entry.line}</span>
          </div>
          <p class="meta">
            <span>
              {entry.actor.role} <code>{entry.actor.id}</code>
            </span>{' '}
            · <span>via {entry.source}</span> · <span>#{entry.globalPosition}</span>
            {entry.late && (
              <>
                {' '}
                ·{' '}
                <span class="late" data-testid="late-entry">
                  arrived late: recorded {clockTime(entry.recordedAt)}, after later facts
                </span>
              </>
            )}
          </p>
          <p class="state">After: {stateWords(entry.stateAfter)}</p>
          <SignerLine signer={signerOf.get(entry.eventId)} />
          {entry.anomalies.length > 0 && (
            <ul class="anomaly-badges" aria-label="Anomalies raised here">
              {entry.anomalies.map((code) => (
                <li
                  key={code}
                  class={`badge anomaly severity-${props.severities?.[code] ?? 'unknown'}`}
                  data-testid="anomaly-badge"
                >
                  <span aria-hidden="true">⚠ </span>
                  {words(code)}
                  {props.severities?.[code] ? ` (${props.severities[code]})` : ''}
                </li>
              ))}
            </ul>
          )}
          {props.showDetails !== false && (
            <details>
              <summary>{entry.type} — event details</summary>
              <DataFields data={entry.data} />
              <p class="hash">
                hash <code>{entry.hash}</code>
              </p>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

/** "Signed by volvo key K, created …: verified in this browser", "Unsigned", or loudly a failure. */
function SignerLine({ signer }: { signer: FactSigner | undefined }) {
  if (!signer) return null;
  if (signer.status === 'unsigned')
    return (
      <p class="signer signer-unsigned" data-testid="entry-signer">
        Unsigned: {signer.detail}
      </p>
    );
  return (
    <p class={`signer signer-${signer.status}`} data-testid="entry-signer">
      {signer.status === 'failed' && (
        <strong>
          <span aria-hidden="true">✗ </span>Signature FAILED:{' '}
        </strong>
      )}
      {signer.status === 'verified' && <span aria-hidden="true">✓ </span>}
      {signer.words[0]!.toUpperCase() + signer.words.slice(1)}: {signer.detail}
    </p>
  );
}
