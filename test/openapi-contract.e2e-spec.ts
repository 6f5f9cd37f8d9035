import { readFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import type { Response } from 'supertest';

import type { components } from '../web/shared/api-schema.js';
import { openApiFileText } from '../src/cli/openapi-command.js';
import { at, Journey } from './support/journey.js';
import { type OpenApiDocument, OpenApiConformance } from './support/openapi-conformance.js';
import { pngPhoto, sha256Hex } from './support/photos.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { volvoInvoke } from './support/vendor-payloads.js';
import { waitFor } from './support/wait-for.js';

type Schemas = components['schemas'];

const COMMITTED_DOCUMENT = 'openapi.json';
const COMMITTED_CLIENT = 'web/shared/api-schema.d.ts';
const REGENERATE = 'run `npm run openapi` and commit openapi.json and web/shared/api-schema.d.ts';

/**
 * What openapi-typescript's CLI writes for the document (`npm run openapi`), in memory. A field with
 * a default stays optional (--default-non-nullable=false): a client may leave it out.
 */
const clientTypes = async (document: unknown): Promise<string> =>
  `${COMMENT_HEADER}${astToString(
    await openapiTS(document as Parameters<typeof openapiTS>[0], { defaultNonNullable: false }),
  )}`;

describe('the API contract (OpenAPI document and the client generated from it)', () => {
  let t: TestApp;
  let served: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp();
    const docs = await t.http.get('/docs-json');
    expect(docs.status).toBe(200);
    served = docs.body as OpenApiDocument;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the committed openapi.json is the document the app serves', async () => {
    const committed = await readFile(COMMITTED_DOCUMENT, 'utf8');
    // Compared as text, as `npm run openapi` writes it: a field that moves is a change too.
    expect({ file: committed, hint: REGENERATE }).toEqual({
      file: openApiFileText(served),
      hint: REGENERATE,
    });
  });

  it('the committed client types are what openapi-typescript generates from the served document', async () => {
    const committed = await readFile(COMMITTED_CLIENT, 'utf8');
    const generated = await clientTypes(served);
    expect({ file: committed, hint: REGENERATE }).toEqual({ file: generated, hint: REGENERATE });
  });

  it('every operation describes a 2xx answer with a schema, and its errors with the error body', () => {
    const lacking: string[] = [];
    for (const [path, operations] of Object.entries(served.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        const responses = Object.entries(
          (
            operation as {
              responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
            }
          ).responses ?? {},
        );
        const ok = responses.filter(([status]) => status.startsWith('2'));
        if (ok.length === 0) lacking.push(`${name}: no 2xx answer`);
        for (const [status, response] of ok) {
          const media = Object.entries(response.content ?? {});
          if (media.length === 0 || media.some(([, m]) => m.schema === undefined))
            lacking.push(`${name} ${status}: no schema`);
        }
        const errors = responses.filter(([status]) => /^[45]/.test(status));
        if (errors.length === 0) lacking.push(`${name}: no error answers`);
        const secured = ((operation as { security?: unknown[] }).security ?? []).length > 0;
        for (const status of secured ? ['400', '401', '403', '503'] : ['503'])
          if (!errors.some(([s]) => s === status)) lacking.push(`${name}: no ${status} answer`);
        for (const [status, response] of errors) {
          const schema = response.content?.['application/json']?.schema as { $ref?: string };
          if (schema?.$ref !== '#/components/schemas/ErrorBody')
            lacking.push(`${name} ${status}: not the ErrorBody schema`);
        }
      }
    }
    expect(lacking).toEqual([]);
    expect(Object.keys(served.paths).length).toBeGreaterThan(40);
  });

  it("a delivery's answers, from scheduling to its evidence, agree with the schemas of the document", async () => {
    const conformance = new OpenApiConformance(served);
    const problems: string[] = [];
    const check = (method: string, path: string, res: Response) => {
      problems.push(...conformance.problems(method, path, res.status, res.body));
      return res;
    };
    const as = async (role: Parameters<TestApp['token']>[0], sub?: string) => ({
      authorization: `Bearer ${await t.token(role, sub)}`,
    });

    const journey = new Journey(t);
    const id = journey.deliveryId;
    check('post', '/v1/deliveries', await journey.schedule());
    check('post', '/v1/vehicles', await journey.linkVehicle('ABC 123'));
    check('post', '/v1/deliveries/{id}/grants', await journey.grant());
    check('post', '/v1/deliveries/{id}/unlock-requests', await journey.unlock('14:00:00'));
    t.clock.set(at('14:00:04'));
    check(
      'post',
      '/v1/oem/volvo/{deliveryId}/commands/{commandId}',
      await journey.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED')),
    );
    check('post', '/v1/deliveries/{id}/closures', await journey.closure('opened', '14:00:41'));
    check('post', '/v1/deliveries/{id}/packages', await journey.dropPackage('14:01:00'));
    const image = pngPhoto(`contract-${id}`);
    check(
      'post',
      '/v1/deliveries/{id}/photos',
      await t.http
        .post(`/v1/deliveries/${id}/photos`)
        .set(await as('delivery-service', 'delivery-system'))
        .field('sha256', sha256Hex(image))
        .attach('photo', image, { filename: 'drop.png', contentType: 'image/png' }),
    );
    check('post', '/v1/deliveries/{id}/closures', await journey.closure('closed', '14:01:30'));
    await journey.lockAndComplete();
    await t.settle();

    const investigator = await as('investigator', 'inv-1');
    const customer = await as('customer', journey.customerId);
    const compliance = await as('compliance', 'comp-1');
    const timeline = check(
      'get',
      '/v1/deliveries/{id}/timeline',
      await t.http.get(`/v1/deliveries/${id}/timeline`).set(investigator),
    );
    const typed = timeline.body as Schemas['Timeline'];
    expect(typed.entries.at(-1)?.type).toBe('DeliveryCompleted');
    check(
      'get',
      '/v1/deliveries/{id}/release',
      await t.http.get(`/v1/deliveries/${id}/release`).set(customer),
    );
    const search = check(
      'get',
      '/v1/deliveries',
      await t.http.get(`/v1/deliveries?customerId=${journey.customerId}`).set(investigator),
    );
    expect((search.body as Schemas['DeliverySummaryPage']).items).toHaveLength(1);
    check('get', '/v1/anomalies', await t.http.get(`/v1/anomalies?limit=50`).set(investigator));
    check(
      'get',
      '/v1/lock-requests/pending',
      await t.http.get('/v1/lock-requests/pending').set(await as('admin')),
    );
    check(
      'get',
      '/v1/vehicles/{id}/custody',
      await t.http
        .get(
          `/v1/vehicles/${journey.vehicleId}/custody?from=${at('12:00:00')}&to=${at('18:00:00')}`,
        )
        .set(investigator),
    );

    // The proof waits for a checkpoint covering the delivery's events (signed every 100 ms here).
    let proof: Response | undefined;
    await waitFor(async () => {
      proof = await t.http.get(`/v1/deliveries/${id}/proof`).set(customer);
      return proof.status === 200;
    });
    check('get', '/v1/deliveries/{id}/proof', proof!);
    check('get', '/v1/checkpoints/keys', await t.http.get('/v1/checkpoints/keys'));
    const latest = check(
      'get',
      '/v1/checkpoints/latest',
      await t.http.get('/v1/checkpoints/latest').set(investigator),
    );
    const size = (latest.body as Schemas['Checkpoint']).treeSize;
    check(
      'get',
      '/v1/checkpoints/consistency',
      await t.http.get(`/v1/checkpoints/consistency?from=1&to=${size}`).set(investigator),
    );

    const caseId = `case-${id}`;
    check(
      'post',
      '/v1/cases',
      await t.http
        .post('/v1/cases')
        .set(investigator)
        .send({ caseId, deliveryIds: [id], reason: 'customer reports a missing package' }),
    );
    check(
      'post',
      '/v1/cases/{id}/approve',
      await t.http
        .post(`/v1/cases/${caseId}/approve`)
        .set(await as('supervisor', 'sup-1'))
        .send({ reason: 'second pair of eyes: the case is justified' }),
    );
    check('get', '/v1/cases/{id}', await t.http.get(`/v1/cases/${caseId}`).set(investigator));
    check('get', '/v1/cases', await t.http.get('/v1/cases?status=approved').set(investigator));
    check(
      'get',
      '/v1/deliveries/{id}/timeline',
      await t.http.get(`/v1/deliveries/${id}/timeline?caseId=${caseId}`).set(investigator),
    );
    check(
      'get',
      '/v1/cases/{id}/evidence',
      await t.http.get(`/v1/cases/${caseId}/evidence?format=json`).set(investigator),
    );
    check(
      'get',
      '/v1/subjects/{customerId}/access-log',
      await t.http.get(`/v1/subjects/${journey.customerId}/access-log`).set(customer),
    );
    check(
      'get',
      '/v1/subjects/{customerId}/export',
      await t.http.get(`/v1/subjects/${journey.customerId}/export`).set(customer),
    );
    check(
      'post',
      '/v1/subjects/{customerId}/legal-holds',
      await t.http
        .post(`/v1/subjects/${journey.customerId}/legal-holds`)
        .set(compliance)
        .send({ reason: 'litigation', until: '2027-06-01T00:00:00.000Z' }),
    );
    check(
      'post',
      '/v1/retention/run',
      await t.http.post('/v1/retention/run?dryRun=true').set(compliance),
    );
    check(
      'post',
      '/v1/cases/{id}/close',
      await t.http
        .post(`/v1/cases/${caseId}/close`)
        .set(investigator)
        .send({ resolution: 'package found' }),
    );
    check('get', '/health/live', await t.http.get('/health/live'));

    // Refusals: the error body, with the statuses the document lists.
    check('get', '/v1/deliveries/{id}/timeline', await t.http.get(`/v1/deliveries/${id}/timeline`));
    check(
      'get',
      '/v1/deliveries/{id}/timeline',
      await t.http.get('/v1/deliveries/d-nowhere/timeline').set(investigator),
    );
    check(
      'post',
      '/v1/deliveries',
      await t.http
        .post('/v1/deliveries')
        .set(await as('delivery-service'))
        .send({}),
    );
    check('get', '/v1/anomalies', await t.http.get('/v1/anomalies').set(customer));

    expect(problems).toEqual([]);
    expect(conformance.checked.size).toBeGreaterThan(30);
  });
});
