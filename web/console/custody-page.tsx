import { useEffect, useState } from 'preact/hooks';

import { answer, bearer, client, errorText, query } from '../shared/api.js';
import { dateTime, words } from '../shared/format.js';
import { personalText } from '../shared/personal.js';
import type { VehicleCustody } from '../shared/types.js';

/** A delivery's link to its car's custody: the days around its window. */
export const custodyRoute = (vehicleId: string, windowFrom: string, windowTo: string): string => {
  const day = 86_400_000;
  const from = new Date(Date.parse(windowFrom) - day).toISOString();
  const to = new Date(Date.parse(windowTo) + day).toISOString();
  return `#/vehicles/${encodeURIComponent(vehicleId)}/custody${query({ from, to })}`;
};

const who = (e: VehicleCustody['entries'][number]) =>
  e.attributedTo === 'owner' ? 'the owner' : e.courierId ? `courier ${e.courierId}` : '—';

const deliveryLink = (deliveryId: string) => (
  <a href={`#/deliveries/${encodeURIComponent(deliveryId)}`}>{deliveryId}</a>
);

/**
 * One car's custody across deliveries for an investigator: who held live access when, where nobody
 * did, where two deliveries did at once, and every grant, unlock, opening and lock in time order.
 */
export function CustodyPage(props: { token: string; vehicleId: string; from: string; to: string }) {
  const { token, vehicleId, from, to } = props;
  const [custody, setCustody] = useState<VehicleCustody | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setCustody(null);
    setProblem(null);
    answer(
      client.GET('/v1/vehicles/{id}/custody', {
        params: { path: { id: vehicleId }, query: { from, to } },
        headers: bearer(token),
      }),
    )
      .then((shown) => current && setCustody(shown))
      .catch((error: unknown) => current && setProblem(errorText(error)));
    return () => {
      current = false;
    };
  }, [vehicleId, from, to, token]);

  return (
    <section aria-labelledby="custody-title" aria-busy={!custody && !problem} class="custody">
      <h2 id="custody-title">Custody of vehicle {vehicleId}</h2>
      <p>
        From <time dateTime={from}>{dateTime(from)}</time> to{' '}
        <time dateTime={to}>{dateTime(to)}</time>, across every delivery to this car.
      </p>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {!custody && !problem && <p>Loading the custody…</p>}
      {custody && (
        <>
          <dl class="facts">
            <div>
              <dt>Plate</dt>
              <dd data-testid="custody-plate">
                {custody.vehicle ? personalText(custody.vehicle.plate) : '—'}
              </dd>
            </div>
            <div>
              <dt>View</dt>
              <dd>{custody.view}</dd>
            </div>
          </dl>
          {custody.overlaps.length > 0 && (
            <div class="notice" data-testid="custody-overlaps">
              <strong>Overlapping grants:</strong>
              <ul>
                {custody.overlaps.map((o) => (
                  <li key={o.from}>
                    <time dateTime={o.from}>{dateTime(o.from)}</time> –{' '}
                    <time dateTime={o.to}>{dateTime(o.to)}</time>: deliveries{' '}
                    {o.deliveryIds.map((id, i) => (
                      <span key={id}>
                        {i > 0 && ' and '}
                        {deliveryLink(id)}
                      </span>
                    ))}{' '}
                    held live access at once
                  </li>
                ))}
              </ul>
            </div>
          )}
          <section aria-labelledby="holders-title">
            <h3 id="holders-title">Who held live access</h3>
            <ol class="custody-intervals">
              {custody.intervals.map((i) => (
                <li
                  key={i.from}
                  data-testid="custody-interval"
                  class={i.holders.length === 0 ? 'gap' : undefined}
                >
                  <time dateTime={i.from}>{dateTime(i.from)}</time> –{' '}
                  <time dateTime={i.to}>{dateTime(i.to)}</time>:{' '}
                  {i.holders.length === 0
                    ? 'nobody but the owner (a gap)'
                    : i.holders.map((h, n) => (
                        <span key={`${h.deliveryId}/${h.grantId}`}>
                          {n > 0 && ', '}courier {h.courierId} (delivery{' '}
                          {deliveryLink(h.deliveryId)})
                        </span>
                      ))}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="custody-events-title">
            <h3 id="custody-events-title">Grants, unlocks, openings and locks, in time order</h3>
            {custody.entries.length === 0 ? (
              <p>Nothing happened to this car in the range.</p>
            ) : (
              <div class="table-wrap">
                <table class="custody-entries">
                  <caption class="visually-hidden">
                    Every grant, unlock, opening and lock of the car, in time order
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Delivery</th>
                      <th scope="col">What</th>
                      <th scope="col">Who</th>
                      <th scope="col">In words</th>
                    </tr>
                  </thead>
                  <tbody>
                    {custody.entries.map((e) => (
                      <tr key={e.globalPosition} data-testid="custody-entry">
                        <td>
                          <time dateTime={e.at}>{dateTime(e.at)}</time>
                        </td>
                        <td>{deliveryLink(e.deliveryId)}</td>
                        <td>{words(e.kind)}</td>
                        <td>{who(e)}</td>
                        <td>{e.line}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {custody.truncated && (
              <p class="notice">
                More happened in this range than one page shows: choose a shorter one.
              </p>
            )}
          </section>
        </>
      )}
    </section>
  );
}
