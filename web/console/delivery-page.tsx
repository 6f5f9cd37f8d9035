import { useEffect, useState } from 'preact/hooks';

import { answer, apiBlob, bearer, client, errorText, saveBlob } from '../shared/api.js';
import { caseFor, rememberCase } from '../shared/case-memory.js';
import { DropPhoto, photosOf } from '../shared/drop-photo.js';
import { textOf, VENDOR_NAMES, words } from '../shared/format.js';
import { personalText } from '../shared/personal.js';
import { PositionPlot } from '../shared/position-plot.js';
import type { FactSigner } from '../shared/fact-signers.js';
import { ProofBadge } from '../shared/proof-badge.js';
import { TimelineList } from '../shared/timeline-list.js';
import type { Anomaly, CaseView, Timeline } from '../shared/types.js';
import { UnlockedBar } from '../shared/unlocked-bar.js';
import { custodyRoute } from './custody-page.js';

/** A new case id: `case-` and 12 random hex digits (the API's ledger-id shape). */
const newCaseId = () =>
  `case-${Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

/**
 * One delivery for an investigator: the proof timeline and its badge, the unlocked-time bar, the
 * positions, the photo (under an open case only), and the case and evidence buttons.
 */
export function DeliveryPage(props: { token: string; deliveryId: string }) {
  const { deliveryId, token } = props;
  const [caseId, setCaseId] = useState<string | null>(() => caseFor(deliveryId));
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [severities, setSeverities] = useState<Record<string, string>>({});
  /** Anomalies seen across the car's deliveries: on no entry of this timeline. */
  const [acrossCar, setAcrossCar] = useState<readonly Anomaly[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Who signed each fact, once the proof badge checked the bundle. */
  const [signers, setSigners] = useState<readonly FactSigner[] | undefined>(undefined);
  /** The remembered case waits for a second person: the page shows the view without it meanwhile. */
  const [pending, setPending] = useState<CaseView | null>(null);
  const [checks, setChecks] = useState(0);

  useEffect(() => {
    let current = true;
    setTimeline(null);
    setSigners(undefined);
    setProblem(null);
    void (async () => {
      try {
        const kase = caseId
          ? await answer(
              client.GET('/v1/cases/{id}', {
                params: { path: { id: caseId } },
                headers: bearer(token),
              }),
            )
          : null;
        const waiting = kase?.status === 'pending' ? kase : null;
        const [shown, anomalies] = await Promise.all([
          answer(
            client.GET('/v1/deliveries/{id}/timeline', {
              params: {
                path: { id: deliveryId },
                query: { caseId: (waiting ? null : caseId) ?? undefined },
              },
              headers: bearer(token),
            }),
          ),
          answer(
            client.GET('/v1/anomalies', {
              params: { query: { deliveryId, limit: 100 } },
              headers: bearer(token),
            }),
          ),
        ]);
        if (!current) return;
        setPending(waiting);
        setTimeline(shown);
        setSeverities(Object.fromEntries(anomalies.items.map((a) => [a.code, a.severity])));
        setAcrossCar(anomalies.items.filter((a) => a.code === 'overlapping_grants'));
      } catch (error) {
        if (!current) return;
        // A case that is closed or not ours any more: forget it, show the view without it.
        if (caseId && error instanceof Error && /CASE\./.test(errorText(error))) {
          rememberCase([deliveryId], null);
          setCaseId(null);
          setNotice(`The case no longer opens this delivery: ${errorText(error)}`);
          return;
        }
        setProblem(errorText(error));
      }
    })();
    return () => {
      current = false;
    };
  }, [deliveryId, caseId, token, checks]);

  if (problem)
    return (
      <section aria-labelledby="delivery-title">
        <h2 id="delivery-title">Delivery {deliveryId}</h2>
        <p class="error" role="alert">
          {problem}
        </p>
        <p>
          <a href="#/">Back to the search</a>
        </p>
      </section>
    );
  if (!timeline)
    return (
      <section aria-busy="true">
        <h2>Delivery {deliveryId}</h2>
        <p>Loading the timeline…</p>
      </section>
    );

  const scheduled = timeline.entries.find((e) => e.type === 'DeliveryScheduled');
  const vendor = textOf(scheduled?.data.vendor);
  const plate = timeline.vehicle?.plate;
  const photos = photosOf(timeline.entries);
  const last = timeline.entries.at(-1);
  const booked = scheduled?.data.window as { from?: string; to?: string } | undefined;
  const vehicleId = textOf(scheduled?.data.vehicleId);
  const car =
    vehicleId && booked?.from && booked.to ? custodyRoute(vehicleId, booked.from, booked.to) : null;

  return (
    <article aria-labelledby="delivery-title" class="delivery">
      <header class="delivery-head">
        <h2 id="delivery-title">Delivery {deliveryId}</h2>
        <dl class="facts">
          <div>
            <dt>Status</dt>
            <dd>{last?.stateAfter.phase ?? '—'}</dd>
          </div>
          <div>
            <dt>Carmaker</dt>
            <dd>{VENDOR_NAMES[vendor] ?? (vendor || '—')}</dd>
          </div>
          <div>
            <dt>Plate</dt>
            <dd data-testid="plate">{plate === undefined ? '—' : personalText(plate)}</dd>
          </div>
          <Attempts links={timeline.links} />
          {car && (
            <div>
              <dt>Car</dt>
              <dd>
                <a href={car} data-testid="custody-link">
                  Custody of this car across deliveries
                </a>
              </dd>
            </div>
          )}
          <div>
            <dt>View</dt>
            <dd data-testid="view">
              {timeline.view}
              {timeline.caseId ? ` (case ${timeline.caseId})` : ''}
            </dd>
          </div>
        </dl>
      </header>

      {acrossCar.length > 0 && (
        <section class="error" aria-labelledby="across-title" data-testid="across-car">
          <h3 id="across-title">Across this car’s deliveries</h3>
          <ul>
            {acrossCar.map((a) => (
              <li key={`${a.code}:${a.reason}`}>
                <strong>{words(a.code)}</strong> ({a.severity}): {a.reason}
                {car && (
                  <>
                    {' '}
                    — <a href={car}>see the car’s custody</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <ProofBadge deliveryId={deliveryId} token={token} onFacts={setSigners} />

      <CasePanel
        token={token}
        deliveryId={deliveryId}
        caseId={caseId}
        pending={pending}
        onCheck={() => setChecks((n) => n + 1)}
        onCase={(id) => {
          rememberCase([deliveryId], id);
          setNotice(null);
          setCaseId(id);
        }}
      />
      {notice && <p class="notice">{notice}</p>}

      <div class="panels">
        <UnlockedBar entries={timeline.entries} />
        <PositionPlot entries={timeline.entries} />
      </div>

      {photos.length > 0 && (
        <section aria-labelledby="photos-title" class="photos">
          <h3 id="photos-title">Drop photo</h3>
          {photos.map((photo) => (
            <DropPhoto
              key={photo.packageId}
              token={token}
              photo={photo}
              whenHidden="The photo is shown only under an approved case covering this delivery."
            />
          ))}
        </section>
      )}

      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">Proof timeline</h3>
        <TimelineList entries={timeline.entries} severities={severities} signers={signers} />
      </section>
    </article>
  );
}

function CasePanel(props: {
  token: string;
  deliveryId: string;
  caseId: string | null;
  pending: CaseView | null;
  onCheck: () => void;
  onCase: (caseId: string | null) => void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const open = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const caseId = newCaseId();
      await answer(
        client.POST('/v1/cases', {
          headers: bearer(props.token),
          body: { caseId, deliveryIds: [props.deliveryId], reason: reason.trim() },
        }),
      );
      setProblem(null);
      props.onCase(caseId);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const exportEvidence = async (format: 'json' | 'pdf') => {
    setBusy(true);
    try {
      const blob = await apiBlob(
        `/v1/cases/${encodeURIComponent(props.caseId!)}/evidence?format=${format}`,
        props.token,
      );
      saveBlob(blob, `evidence-${props.caseId}.${format}`);
      setProblem(null);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="case" aria-labelledby="case-title">
      <h3 id="case-title">Case</h3>
      {props.caseId && props.pending ? (
        <>
          <p data-testid="case-pending">
            Case <strong>{props.caseId}</strong> waits for a second person — another investigator or
            a supervisor — to approve it; until then you see the view without it. It lapses unless
            approved by {new Date(props.pending.expiresAt).toUTCString()}.
          </p>
          <div class="actions">
            <button type="button" onClick={props.onCheck}>
              Check the approval again
            </button>
          </div>
        </>
      ) : props.caseId ? (
        <>
          <p data-testid="case-status">
            Case <strong>{props.caseId}</strong> is approved: precise personal data is shown, and
            each time it is, the customer's access log records it.
          </p>
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void exportEvidence('json')}>
              Export evidence (JSON)
            </button>
            <button type="button" disabled={busy} onClick={() => void exportEvidence('pdf')}>
              Export evidence (PDF)
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void open(e)}>
          <p>
            Without a case you see areas instead of positions, tokens instead of the plate, and no
            photo. Opening a case places a legal hold on the customer's data and is recorded; a
            second person (another investigator or a supervisor) must approve it before it shows
            precise data.
          </p>
          <label for="case-reason">Reason for the case</label>
          <input
            id="case-reason"
            name="reason"
            required
            minLength={3}
            maxLength={500}
            value={reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
          <button type="submit" disabled={busy}>
            Open a case
          </button>
        </form>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

const deliveryLink = (id: string) => (
  <a key={id} href={`#/deliveries/${encodeURIComponent(id)}`}>
    {id}
  </a>
);

/** A re-delivery's earlier attempt and this delivery's re-deliveries, when there are any. */
function Attempts({ links }: { links: Timeline['links'] }) {
  if (!links || (links.previousDeliveryId === null && links.redeliveryIds.length === 0))
    return null;
  return (
    <div>
      <dt>Attempts</dt>
      <dd data-testid="attempts">
        {links.previousDeliveryId && <>re-delivery of {deliveryLink(links.previousDeliveryId)}</>}
        {links.previousDeliveryId && links.redeliveryIds.length > 0 && '; '}
        {links.redeliveryIds.length > 0 && (
          <>
            re-delivered as{' '}
            {links.redeliveryIds.flatMap((id, i) =>
              i === 0 ? [deliveryLink(id)] : [', ', deliveryLink(id)],
            )}
          </>
        )}
      </dd>
    </div>
  );
}
