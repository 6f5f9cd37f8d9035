import { useEffect, useState } from 'preact/hooks';

import { answer, bearer, client, errorText } from '../shared/api.js';
import { dateTime } from '../shared/format.js';
import type { CaseSummary, CaseView } from '../shared/types.js';

/** Who may approve a case: a second person with one of these roles (compliance approves in the API). */
const APPROVERS = ['investigator', 'supervisor'];

/**
 * Cases waiting for a second person: each with who opened it, why, over which deliveries, and until
 * when it may still be approved. Anyone but its opener approves it here, with a reason of their own.
 */
export function CasesPage(props: { token: string; sub: string; role: string }) {
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [busy, setBusy] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setBusy(true);
    answer(
      client.GET('/v1/cases', {
        params: { query: { status: 'pending' } },
        headers: bearer(props.token),
      }),
    )
      .then((list) => current && (setCases(list.cases), setProblem(null)))
      .catch((error: unknown) => current && setProblem(errorText(error)))
      .finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [props.token]);

  const approved = (view: CaseView) => {
    setCases((shown) => shown.filter((c) => c.caseId !== view.caseId));
    setNotice(
      `Case ${view.caseId} is approved until ${dateTime(view.expiresAt)}: ${view.investigatorId} now sees its precise data, every view recorded.`,
    );
  };

  return (
    <section aria-labelledby="cases-title" aria-busy={busy}>
      <h2 id="cases-title">Cases waiting for approval</h2>
      <p>
        A case shows an investigator precise personal data only once a second person approved it.
        Approve only what the reason justifies: your name and reason are recorded on the case.
      </p>
      {notice && (
        <p class="notice" role="status" data-testid="approval-notice">
          {notice}
        </p>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {!busy && cases.length === 0 && !problem && <p>No case is waiting for approval.</p>}
      <ul class="case-list">
        {cases.map((c) => (
          <li key={c.caseId} data-testid="pending-case" class="case">
            <h3>Case {c.caseId}</h3>
            <dl class="facts">
              <div>
                <dt>Opened by</dt>
                <dd>
                  <code>{c.investigatorId}</code> at{' '}
                  <time dateTime={c.openedAt}>{dateTime(c.openedAt)}</time>
                </dd>
              </div>
              <div>
                <dt>Reason</dt>
                <dd>{c.reason}</dd>
              </div>
              <div>
                <dt>Deliveries</dt>
                <dd>
                  {c.deliveryIds.length}: {c.deliveryIds.slice(0, 10).join(', ')}
                  {c.deliveryIds.length > 10 ? ', …' : ''}
                </dd>
              </div>
              <div>
                <dt>Lapses unless approved by</dt>
                <dd>
                  <time dateTime={c.expiresAt}>{dateTime(c.expiresAt)}</time>
                </dd>
              </div>
            </dl>
            {c.investigatorId === props.sub ? (
              <p>You opened this case: a second person must approve it.</p>
            ) : APPROVERS.includes(props.role) ? (
              <ApproveForm token={props.token} caseId={c.caseId} onApproved={approved} />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ApproveForm(props: {
  token: string;
  caseId: string;
  onApproved: (view: CaseView) => void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const field = `approve-${props.caseId}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const approved = await answer(
        client.POST('/v1/cases/{id}/approve', {
          params: { path: { id: props.caseId } },
          headers: bearer(props.token),
          body: { reason: reason.trim() },
        }),
      );
      setProblem(null);
      props.onApproved(approved.case);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <label for={field}>Reason for approving case {props.caseId}</label>
      <input
        id={field}
        name="reason"
        required
        minLength={3}
        maxLength={500}
        value={reason}
        onInput={(e) => setReason((e.target as HTMLInputElement).value)}
      />
      <button type="submit" disabled={busy}>
        Approve case {props.caseId}
      </button>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
