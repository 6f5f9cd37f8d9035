import { randomBytes } from 'node:crypto';

import { grantBody, scheduleDeliveryBody } from '../chaos/server-process.js';
import { pngPhoto, sha256Hex } from './photos.js';
import { volvoDoors, volvoInvoke } from './vendor-payloads.js';

export interface LoadTokens {
  readonly service: string;
  readonly oem: string;
  readonly investigator: string;
}

/** An event a 2xx answer listed: what must be stored, exactly so. */
export interface AcknowledgedEvent {
  readonly eventId: string;
  readonly globalPosition: number;
  readonly hash: string;
}

export interface LoadRun {
  readonly seconds: number;
  readonly deliveries: number;
  readonly commands: number;
  readonly reads: number;
  readonly acknowledged: readonly AcknowledgedEvent[];
  /** Milliseconds per call, by route. */
  readonly latencies: ReadonlyMap<string, readonly number[]>;
  /** `route status` → count; a transport failure counts as status `failed`. */
  readonly errors: ReadonlyMap<string, number>;
}

export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

class Failed extends Error {}

/**
 * Clients each driving complete deliveries through the HTTP API, one after another, until the time
 * is up — schedule, grant, unlock, Volvo's result, trunk opened, photo and package, trunk closed, lock
 * request, Volvo's doors status, complete — then reading the timeline. Client c talks to bases[c % n].
 */
export async function driveDeliveries(options: {
  readonly bases: readonly string[];
  readonly clients: number;
  readonly seconds: number;
  readonly tokens: LoadTokens;
}): Promise<LoadRun> {
  const { tokens } = options;
  const latencies = new Map<string, number[]>();
  const errors = new Map<string, number>();
  const acknowledged: AcknowledgedEvent[] = [];
  let commands = 0;
  let deliveries = 0;
  let reads = 0;
  const failed = (key: string) => {
    errors.set(key, (errors.get(key) ?? 0) + 1);
    return new Failed(key);
  };

  const call = async (
    base: string,
    route: string,
    path: string,
    init: { method?: string; body?: unknown; form?: FormData; bearer?: string } = {},
  ) => {
    const begun = performance.now();
    let res: Response;
    let answer: { events?: AcknowledgedEvent[]; ref?: string };
    try {
      res = await fetch(`${base}${path}`, {
        method: init.method ?? 'POST',
        headers: {
          authorization: `Bearer ${init.bearer ?? tokens.service}`,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.form ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
      });
      answer = (await res.json()) as typeof answer;
    } catch {
      throw failed(`${route} failed`);
    }
    (latencies.get(route) ?? latencies.set(route, []).get(route)!).push(performance.now() - begun);
    if (res.status >= 300) throw failed(`${route} ${res.status}`);
    if (init.method !== 'GET') {
      commands += 1;
      for (const { eventId, globalPosition, hash } of answer.events ?? [])
        acknowledged.push({ eventId, globalPosition, hash });
    }
    return answer;
  };

  const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
  const near = { lat: 59.32935, lon: 18.0686 };
  const photo = pngPhoto('load');
  const photoSha = sha256Hex(photo);

  const oneDelivery = async (id: string, base: string) => {
    const send = (
      ...args: Parameters<typeof call> extends [string, ...infer Rest] ? Rest : never
    ) => call(base, ...args);
    const d = `/v1/deliveries/${id}`;
    await send('schedule', '/v1/deliveries', { body: scheduleDeliveryBody(id) });
    await send('grant', `${d}/grants`, { body: grantBody(id) });
    await send('unlock', `${d}/unlock-requests`, {
      body: {
        grantId: 'g-1',
        courierId: 'c-1',
        courierPosition: near,
        commandId: 'cmd-unlock-1',
        nonce: `n-${id}`,
      },
    });
    await send('volvo unlock result', `/v1/oem/volvo/${id}/commands/cmd-unlock-1`, {
      body: volvoInvoke('COMPLETED'),
      bearer: tokens.oem,
    });
    await send('closure', `${d}/closures`, {
      body: { closure: 'trunk', state: 'opened', vehicleTimestamp: iso() },
    });
    const form = new FormData();
    form.set('sha256', photoSha);
    form.set('photo', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'drop.png');
    const uploaded = await send('photo upload', `${d}/photos`, { form });
    await send('package', `${d}/packages`, {
      body: {
        packageId: 'p-1',
        photo: { sha256: photoSha, ref: uploaded.ref, capturedAt: iso(), geotag: near },
      },
    });
    await send('closure', `${d}/closures`, {
      body: { closure: 'trunk', state: 'closed', vehicleTimestamp: iso(1) },
    });
    await send('lock', `${d}/lock-requests`, { body: { commandId: 'cmd-lock-1' } });
    await new Promise((resolve) => setTimeout(resolve, 2)); // the doors read is stamped after the lock command
    await send('volvo doors', `/v1/oem/volvo/${id}/doors`, {
      body: volvoDoors(iso()),
      bearer: tokens.oem,
    });
    await send('complete', `${d}/complete`, { body: {} });
    deliveries += 1;
    await send('timeline read', `${d}/timeline`, { method: 'GET', bearer: tokens.investigator });
    reads += 1;
  };

  const started = performance.now();
  const until = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, c) => {
      for (let n = 0; performance.now() < until; n += 1) {
        try {
          await oneDelivery(
            `d-load-${c}-${n}-${randomBytes(2).toString('hex')}`,
            options.bases[c % options.bases.length]!,
          );
        } catch (error) {
          if (!(error instanceof Failed)) throw error;
        }
      }
    }),
  );
  return {
    seconds: (performance.now() - started) / 1000,
    deliveries,
    commands,
    reads,
    acknowledged,
    latencies,
    errors,
  };
}
