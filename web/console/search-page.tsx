import { useEffect, useState } from 'preact/hooks';

import { ANOMALY_CODES } from '../../src/story/anomalies/anomaly.js';
import { answer, bearer, client, errorText } from '../shared/api.js';
import type { paths } from '../shared/api-schema.js';
import { dateTime, VENDOR_NAMES, words } from '../shared/format.js';
import type { DeliverySummaryPage } from '../shared/types.js';

interface Filters {
  vehicleId: string;
  courierId: string;
  customerId: string;
  from: string;
  to: string;
  status: string;
  anomaly: string;
}

const EMPTY: Filters = {
  vehicleId: '',
  courierId: '',
  customerId: '',
  from: '',
  to: '',
  status: '',
  anomaly: '',
};

/** datetime-local (the browser's zone) → ISO-8601 UTC, as the API takes it. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

type SearchQuery = NonNullable<paths['/v1/deliveries']['get']['parameters']['query']>;

/** The filters as GET /v1/deliveries takes them: empty ones left out. */
const searchQuery = (applied: Filters, cursor: string | null): SearchQuery => ({
  vehicleId: applied.vehicleId || undefined,
  courierId: applied.courierId || undefined,
  customerId: applied.customerId || undefined,
  from: instant(applied.from),
  to: instant(applied.to),
  // The form offers only the values the API lists (its select options).
  status: (applied.status || undefined) as SearchQuery['status'],
  anomaly: (applied.anomaly || undefined) as SearchQuery['anomaly'],
  cursor: cursor ?? undefined,
  limit: 20,
});

/**
 * Delivery search with the filters of GET /v1/deliveries, a page at a time. The filters stay in the
 * page (not in its URL): a customer id or a vehicle id is nobody's business in a browser history.
 */
export function SearchPage(props: { token: string }) {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<DeliverySummaryPage | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cursor = pages.at(-1) ?? null;

  const load = async (applied: Filters, at: string | null) => {
    setBusy(true);
    try {
      const result = await answer(
        client.GET('/v1/deliveries', {
          params: { query: searchQuery(applied, at) },
          headers: bearer(props.token),
        }),
      );
      setPage(result);
      setProblem(null);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const [applied, setApplied] = useState<Filters>(EMPTY);
  useEffect(() => {
    void load(applied, cursor);
  }, [applied, cursor]);

  const field = (name: keyof Filters, label: string, kind: 'text' | 'datetime-local' = 'text') => {
    const common = {
      id: `f-${name}`,
      name,
      value: filters[name],
      onInput: (e: Event) =>
        setFilters({ ...filters, [name]: (e.target as HTMLInputElement).value }),
    };
    return (
      <div class="field">
        <label for={`f-${name}`}>{label}</label>
        {kind === 'text' ? (
          <input type="text" {...common} />
        ) : (
          <input type="datetime-local" {...common} />
        )}
      </div>
    );
  };
  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title">Deliveries</h2>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setPages([null]);
          setApplied(filters);
        }}
      >
        {field('vehicleId', 'Vehicle id')}
        {field('courierId', 'Courier id')}
        {field('customerId', 'Customer id')}
        {field('from', 'Scheduled from', 'datetime-local')}
        {field('to', 'Scheduled to', 'datetime-local')}
        <div class="field">
          <label for="f-status">Status</label>
          <select
            id="f-status"
            value={filters.status}
            onChange={(e) =>
              setFilters({ ...filters, status: (e.target as HTMLSelectElement).value })
            }
          >
            <option value="">any</option>
            <option value="open">open</option>
            <option value="completed">completed</option>
            <option value="failed">failed</option>
            <option value="cancelled">cancelled</option>
          </select>
        </div>
        <div class="field">
          <label for="f-anomaly">Anomaly</label>
          <select
            id="f-anomaly"
            value={filters.anomaly}
            onChange={(e) =>
              setFilters({ ...filters, anomaly: (e.target as HTMLSelectElement).value })
            }
          >
            <option value="">any</option>
            {ANOMALY_CODES.map((code) => (
              <option key={code} value={code}>
                {words(code)}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit">Search</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setFilters(EMPTY);
              setPages([null]);
              setApplied(EMPTY);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <div aria-live="polite" aria-busy={busy}>
        {page && page.items.length === 0 && <p>No delivery matches.</p>}
        {page && page.items.length > 0 && (
          <div class="table-wrap">
            <table class="results">
              <caption class="visually-hidden">Deliveries matching the filters</caption>
              <thead>
                <tr>
                  <th scope="col">Delivery</th>
                  <th scope="col">Status</th>
                  <th scope="col">Carmaker</th>
                  <th scope="col">Window</th>
                  <th scope="col">Anomalies</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => (
                  <tr key={d.deliveryId}>
                    <th scope="row">
                      <a href={`#/deliveries/${encodeURIComponent(d.deliveryId)}`}>
                        {d.deliveryId}
                      </a>
                    </th>
                    <td>{d.status}</td>
                    <td>{VENDOR_NAMES[d.vendor] ?? d.vendor}</td>
                    <td>{typeof d.windowFrom === 'string' ? dateTime(d.windowFrom) : '—'}</td>
                    <td>
                      {(d.anomalies ?? []).length === 0
                        ? 'none'
                        : (d.anomalies ?? []).map((code) => (
                            <span key={code} class="badge anomaly">
                              <span aria-hidden="true">⚠ </span>
                              {words(code)}
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label="Result pages">
          <button
            type="button"
            disabled={pages.length <= 1}
            onClick={() => setPages(pages.slice(0, -1))}
          >
            Previous page
          </button>
          <span>Page {pages.length}</span>
          <button
            type="button"
            disabled={!page?.nextCursor}
            onClick={() => page?.nextCursor && setPages([...pages, page.nextCursor])}
          >
            Next page
          </button>
        </nav>
      </div>
    </section>
  );
}
