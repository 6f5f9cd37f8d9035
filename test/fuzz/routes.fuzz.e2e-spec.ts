import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { privateDelivery } from '../support/private-delivery.js';
import { MATRIX, type RouteCase, type Target } from '../support/route-matrix.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  deepNesting,
  hostileString,
  notABoolean,
  notAnArray,
  notANumber,
  notAnObject,
  notAString,
} from './hostile-values.js';

/**
 * Every route that takes input, fed what a careless or hostile caller sends: wrong types, missing and
 * extra fields, prototype keys, non-object bodies, malformed and deeply nested JSON, invalid UTF-8,
 * SQL-looking and oversized strings in paths and queries. Each answer must be a 4xx with the documented
 * error body, and the ledger must hold exactly the events it held before. Seeded: a failure prints the
 * seed and the shrunk case, and FUZZ_SEED=<seed> replays it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

type Mutation =
  | { kind: 'extra-field'; name: string; value: unknown }
  | { kind: 'wrong-type'; pick: number; value: unknown }
  | { kind: 'not-an-object'; body: unknown }
  | { kind: 'raw'; which: number }
  | { kind: 'hostile-path'; value: string }
  | { kind: 'hostile-query'; name: string; value: string };

interface FuzzCase {
  readonly route: number;
  readonly mutation: Mutation;
}

/** The routes that take query parameters (each a validated DTO that refuses unknown ones). */
const QUERY_ROUTES = new Set([
  'GET /v1/deliveries',
  'GET /v1/anomalies',
  'GET /v1/deliveries/{id}/timeline',
  'GET /v1/deliveries/{id}/packages/{packageId}/photo',
  'GET /v1/checkpoints/consistency',
  'GET /v1/subjects/{customerId}/access-log',
  'GET /v1/cases/{id}/evidence',
  'GET /v1/cases',
  'GET /v1/exports/compliance',
]);

const isVendorWebhook = (route: RouteCase) => route.route.startsWith('POST /v1/oem/');

/** Every place in a JSON value: its path of keys, and the value there. */
function places(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; value: unknown }[] {
  if (value === null || typeof value !== 'object') return [{ path, value }];
  const children = Array.isArray(value)
    ? value.flatMap((v, i) => places(v, [...path, i]))
    : Object.entries(value).flatMap(([k, v]) => places(v, [...path, k]));
  return path.length > 0 ? [{ path, value }, ...children] : children;
}

function withValueAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(body))
    return body.map((v, i) => (i === head ? withValueAt(v, rest, value) : v));
  return {
    ...(body as object),
    [head!]: withValueAt((body as Record<string, unknown>)[head!], rest, value),
  };
}

/** A value of another JSON type than `value` (never null: null means "absent" to optional fields). */
const otherType = (value: unknown): fc.Arbitrary<unknown> =>
  typeof value === 'string'
    ? notAString().filter((v) => v !== null)
    : typeof value === 'number'
      ? notANumber().filter((v) => v !== null)
      : typeof value === 'boolean'
        ? notABoolean().filter((v) => v !== null)
        : Array.isArray(value)
          ? notAnArray().filter((v) => v !== null)
          : notAnObject().filter((v) => v !== null);

/** Percent-encoding that also carries what UTF-8 cannot (a lone surrogate goes as its raw bytes). */
const encodePart = (value: string): string =>
  Array.from(value, (char) => {
    try {
      return encodeURIComponent(char);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');

const INVALID_UTF8 = Buffer.from([
  0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d,
]);

/** Bodies that are not JSON, or JSON no route takes: named by index so a failure prints short. */
const RAW_BODIES: readonly (string | Buffer)[] = [
  '{',
  '{"a":',
  '[1,2',
  'nul',
  '{"a":1}}',
  "{'a':1}",
  '{"a":01}',
  '\u0000',
  deepNesting(5_000),
  `[${'['.repeat(3_000)}${']'.repeat(3_000)}]`,
  INVALID_UTF8,
  `{"pad":"${'x'.repeat(300_000)}"}`,
];

describe('fuzzing every route with hostile input', () => {
  let t: TestApp;
  let target: Target;
  const tokens = new Map<string, string>();
  const routes = MATRIX.filter((r) => !r.route.includes('/photos'));

  const eventCount = async () =>
    Number(
      (
        await t.database.dataSource.query<{ n: string }[]>(
          'SELECT count(*) AS n FROM ledger.events',
        )
      )[0]!.n,
    );

  beforeAll(async () => {
    t = await startTestApp();
    const { journey, values } = await privateDelivery(t, 61);
    target = {
      deliveryId: journey.deliveryId,
      customerId: journey.customerId,
      vehicleId: journey.vehicleId,
      plate: values.plate,
    };
    await t.settle();
    for (const route of routes) {
      const role = route.roles[0]!;
      if (!tokens.has(role))
        tokens.set(
          role,
          await t.token(
            role,
            role === 'customer' ? target.customerId : `${role}-fuzz`,
            role === 'oem-connector' ? 'volvo' : undefined,
          ),
        );
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const mutationFor = (route: RouteCase): fc.Arbitrary<Mutation> => {
    const [method] = route.route.split(' ');
    // An empty last segment names the collection (GET /v1/cases/ is the case list), not an id.
    const hostilePath = hostileString()
      .filter((value) => value !== '' || !/^GET \/v1\/[^/]+\/{[^/]+}$/.test(route.route))
      .map((value) => ({ kind: 'hostile-path' as const, value }));
    if (method === 'GET') {
      if (!QUERY_ROUTES.has(route.route)) return hostilePath;
      return fc.oneof(
        hostilePath,
        fc
          .tuple(
            fc.constantFrom(
              'vehicleId',
              'courierId',
              'customerId',
              'from',
              'to',
              'status',
              'anomaly',
              'cursor',
              'limit',
              'caseId',
              'asOf',
              'format',
              'code',
              'severity',
              'fromRevision',
              'unknownFilter',
              '__proto__',
            ),
            fc.constantFrom(
              "' OR 1=1 --",
              '-1',
              '%00',
              'x'.repeat(5000),
              '[object Object]',
              'true;DROP TABLE x',
            ),
          )
          .map(([name, value]) => ({ kind: 'hostile-query' as const, name, value })),
      );
    }
    const raw = fc
      .nat({ max: RAW_BODIES.length - 1 })
      .map((which) => ({ kind: 'raw' as const, which }));
    const notObject = fc
      .oneof(
        fc.integer(),
        fc.string({ maxLength: 20 }),
        fc.constant(true),
        fc.array(fc.integer(), { maxLength: 3 }),
      )
      .map((body) => ({ kind: 'not-an-object' as const, body }));
    // A route that takes no body (retention/run) ignores one, as HTTP allows: only its path is fuzzed.
    const probe: Target = {
      deliveryId: 'd-probe',
      customerId: 'c-probe',
      vehicleId: 'v-probe',
      plate: 'P',
    };
    if (route.request(probe, 0).body === undefined && !isVendorWebhook(route)) return hostilePath;
    const wrongType = fc.nat().map((pick) => ({ kind: 'wrong-type' as const, pick, value: null }));
    if (isVendorWebhook(route)) return fc.oneof(raw, notObject, wrongType, hostilePath);
    const extra = fc
      .tuple(
        fc.oneof(
          fc.constantFrom(
            '__proto__',
            'constructor',
            'prototype',
            '$where',
            'eventId',
            'globalPosition',
            'hash',
          ),
          fc
            .string({ minLength: 1, maxLength: 12 })
            .filter((s) => /^[a-z]+$/i.test(s) && s.length > 3),
        ),
        fc.oneof(hostileString(), fc.integer(), fc.object({ maxDepth: 2 })),
      )
      .map(([name, value]) => ({ kind: 'extra-field' as const, name: `${name}`, value }));
    return fc.oneof(extra, wrongType, notObject, raw, hostilePath);
  };

  const caseArbitrary: fc.Arbitrary<FuzzCase> = fc
    .nat({ max: routes.length - 1 })
    .chain((route) => mutationFor(routes[route]!).map((mutation) => ({ route, mutation })));

  it(`answers ${RUNS.toLocaleString('en')} generated hostile requests with a 4xx error body and stores nothing`, async () => {
    const before = await eventCount();
    let n = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(caseArbitrary, fc.nat(), async ({ route: index, mutation }, salt) => {
        const route = routes[index]!;
        n += 1;
        const valid = route.request(target, 100_000 + n);
        const [method] = route.route.split(' ');
        let path = valid.path;
        let body: unknown = valid.body ?? {};
        let raw: string | Buffer | null = null;
        switch (mutation.kind) {
          case 'extra-field': {
            // Built as text: a JSON "__proto__" key must reach the server as a key, not as a prototype.
            const text = JSON.stringify(body);
            raw = `{${JSON.stringify(mutation.name)}:${JSON.stringify(mutation.value)}${text === '{}' ? '' : `,${text.slice(1)}`}`;
            break;
          }
          case 'wrong-type': {
            // A carmaker's payload keeps what keytrail does not read: only the fields it reads (the
            // top level of the documented shape) must be of their type.
            const spots = places(body).filter(
              (p) => !isVendorWebhook(route) || p.path.length === 1,
            );
            if (spots.length === 0) {
              body = [body];
              break;
            }
            const spot = spots[mutation.pick % spots.length]!;
            const replacement = fc.sample(otherType(spot.value), { numRuns: 1, seed: salt })[0];
            body = withValueAt(body, spot.path, replacement);
            break;
          }
          case 'not-an-object':
            body = mutation.body;
            break;
          case 'raw':
            raw = RAW_BODIES[mutation.which]!;
            break;
          case 'hostile-path': {
            const segments = path.split('?')[0]!.split('/');
            // The first id in the path (after /v1/<collection>/), or the collection itself.
            const at = segments.length > 3 ? 3 : segments.length - 1;
            segments[at] = encodePart(mutation.value);
            path = segments.join('/') + (path.includes('?') ? `?${path.split('?')[1]}` : '');
            break;
          }
          case 'hostile-query':
            path = `${path}${path.includes('?') ? '&' : '?'}${encodePart(mutation.name)}=${encodePart(mutation.value)}`;
            break;
        }
        const role = route.roles[0]!;
        let req = method === 'GET' ? t.http.get(path) : t.http.post(path);
        req = req.set('authorization', `Bearer ${tokens.get(role)!}`);
        const res =
          method === 'GET'
            ? await req
            : raw !== null
              ? await req
                  .set('content-type', 'application/json')
                  .send(typeof raw === 'string' ? raw : raw)
              : await req.set('content-type', 'application/json').send(JSON.stringify(body));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const described = `${route.route} ${mutation.kind} ${path} ${raw === null ? JSON.stringify(body).slice(0, 300) : String(raw).slice(0, 80)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        expect({ described, clientError: res.status >= 400 && res.status < 500 }).toEqual({
          described,
          clientError: true,
        });
        expect(res.body).toMatchObject({
          error: { code: expect.any(String), message: expect.any(String) },
        });
        expect({ described, events: await eventCount() }).toEqual({ described, events: before });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // What the run tried, by answer: a record of the variety, printed with the test output.
    console.log(
      `fuzz: ${n} requests, seed ${SEED}; answers ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }, 600_000);
});
