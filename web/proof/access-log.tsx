import { useEffect, useState } from 'preact/hooks';

import { answer, bearer, client, errorText } from '../shared/api.js';
import type { AccessLogEntry } from '../shared/types.js';
import { dateTime, words } from '../shared/format.js';

/** The kinds of personal data as a customer says them. */
const KINDS: Record<string, string> = {
  gps: 'positions',
  'place-description': 'place description',
  'vendor-payload': 'carmaker messages',
  plate: 'plate',
  photo: 'photo',
  'person-name': 'name',
};

/** The purpose a subject access export is recorded under. */
const SUBJECT_EXPORT = 'subject-access-export';

/** A download of all the customer's data: by them, or (pseudonymised) by compliance. */
function ExportEntry(props: { entry: AccessLogEntry; customerId: string }) {
  const { viewer } = props.entry;
  if (viewer.role === 'customer' && viewer.id === props.customerId)
    return <>you downloaded all your data.</>;
  return (
    <>
      <strong>
        {viewer.role} {viewer.id}
      </strong>{' '}
      exported your record{props.entry.fields.length === 0 ? ', pseudonymised' : ''}.
    </>
  );
}

/** Who was shown the customer's personal data, when, under which case and why: the access log. */
export function AccessLog(props: { token: string; customerId: string; refresh: number }) {
  const [entries, setEntries] = useState<AccessLogEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    answer(
      client.GET('/v1/subjects/{customerId}/access-log', {
        params: { path: { customerId: props.customerId } },
        headers: bearer(props.token),
      }),
    )
      .then((log) => current && setEntries(log.entries))
      .catch((error: unknown) => current && setProblem(errorText(error)));
    return () => {
      current = false;
    };
  }, [props.customerId, props.token, props.refresh]);
  return (
    <section aria-labelledby="access-title" data-testid="access-log">
      <h2 id="access-title">Who viewed your personal data</h2>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {entries && entries.length === 0 && (
        <p>Nobody but you has been shown your plate, positions or photos.</p>
      )}
      {entries && entries.length > 0 && (
        <ol class="access-log">
          {entries.map((entry) => (
            <li key={entry.eventId} data-testid="access-entry">
              <time dateTime={entry.viewedAt}>{dateTime(entry.viewedAt)}</time>:{' '}
              {entry.purpose === SUBJECT_EXPORT ? (
                <ExportEntry entry={entry} customerId={props.customerId} />
              ) : (
                <>
                  <strong>
                    {entry.viewer.role} {entry.viewer.id}
                  </strong>{' '}
                  was shown your {entry.fields.map((kind) => KINDS[kind] ?? words(kind)).join(', ')}
                  {entry.caseId ? `, under case ${entry.caseId}` : ''} ({entry.purpose}).
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
