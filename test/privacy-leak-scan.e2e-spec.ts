import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { dataAccessStreamId } from '../src/domain/data-access/data-access.events.js';
import { jsonLogger, JsonNestLogger } from '../src/observability/json-logger.js';
import { at, FAR_AWAY, type Journey } from './support/journey.js';
import { pngPhoto } from './support/photos.js';
import { type PersonalValues, plaintextIn, privateDelivery } from './support/private-delivery.js';
import { openApprovedCase } from './support/cases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Every line the app logs, at every level, as the JSON the process writes: Nest's and one per request. */
class CapturedLog {
  readonly lines: string[] = [];
  readonly logger = jsonLogger(
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    }),
  );
}

describe('leak scan: plaintext personal data appears only where the views allow, and in recorded reveals', () => {
  let t: TestApp;
  const logger = new CapturedLog();
  const deliveries: { journey: Journey; values: PersonalValues }[] = [];
  const bearer = async (role: Parameters<TestApp['token']>[0], sub?: string) => ({
    authorization: `Bearer ${await t.token(role, sub)}`,
  });
  const anyPlaintext = (text: string, except?: PersonalValues) =>
    deliveries
      .filter((d) => d.values !== except)
      // The test VIN is the same in every vendor payload: it counts against everyone but the owner.
      .flatMap((d) =>
        plaintextIn(text, d.values).filter((v) => except === undefined || v !== d.values.vin),
      );
  let revealed = '';

  beforeAll(async () => {
    t = await startTestApp({}, new JsonNestLogger(logger.logger), { requestLog: logger.logger });
    // A realistic workload: three complete deliveries, a denied unlock far from the car, a case with reveals.
    for (const n of [1, 2, 3]) deliveries.push(await privateDelivery(t, n));
    const troubled = deliveries[2]!.journey;
    await troubled.post('grants', {
      grantId: 'g-late',
      courierId: 'c-3',
      notBefore: at('14:30:00'),
      notAfter: at('15:30:00'),
      geofence: { center: FAR_AWAY, radiusM: 30 },
      scope: 'trunk',
      singleUse: true,
      nonce: 'late-nonce',
    });
    const investigator = await bearer('investigator', 'inv-1');
    await openApprovedCase(t, {
      caseId: 'case-leak',
      deliveryIds: [deliveries[0]!.journey.deliveryId],
      reason: 'scan',
    });
    const reveal = await t.http
      .get(`/v1/deliveries/${deliveries[0]!.journey.deliveryId}/timeline?caseId=case-leak`)
      .set(investigator);
    expect(reveal.status).toBe(200);
    revealed = JSON.stringify(reveal.body);
    await t.settle();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds none in the events table', async () => {
    const rows = await t.database.dataSource.query<{ canonical: string }[]>(
      `SELECT canonical FROM ledger.events`,
    );
    expect(anyPlaintext(rows.map((r) => r.canonical).join('\n'))).toEqual([]);
  });

  it('finds none in any read model, nor in the key table', async () => {
    const tables = await t.database.dataSource.query<
      { table_schema: string; table_name: string }[]
    >(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('read', 'privacy')`,
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const { table_schema, table_name } of tables) {
      const rows = await t.database.dataSource.query<{ row: string }[]>(
        `SELECT row_to_json(t)::text AS row FROM ${table_schema}.${table_name} t`,
      );
      expect({ table_name, found: anyPlaintext(rows.map((r) => r.row).join('\n')) }).toEqual({
        table_name,
        found: [],
      });
    }
  });

  it('finds no image in clear among the stored photos', async () => {
    const files = (
      await readdir(t.privacy.blobDir, { recursive: true, withFileTypes: true })
    ).filter((f) => f.isFile());
    expect(files).toHaveLength(3);
    const signature = pngPhoto().subarray(0, 8);
    for (const file of files) {
      const bytes = await readFile(path.join(file.parentPath, file.name));
      expect(bytes.includes(signature)).toBe(false);
    }
  });

  it('finds none in the logs', () => {
    // Nest's lines and one per request so far: the workload above made dozens.
    expect(logger.lines.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThan(20);
    expect(anyPlaintext(logger.lines.join('\n'))).toEqual([]);
  });

  it("finds none of another customer's in a customer's views, and none in pseudonymised or compliance views", async () => {
    for (const { journey, values } of deliveries) {
      const own = await bearer('customer', journey.customerId);
      for (const url of [
        `/v1/deliveries/${journey.deliveryId}/timeline`,
        `/v1/deliveries/${journey.deliveryId}/release`,
        `/v1/deliveries?customerId=${journey.customerId}`,
        `/v1/subjects/${journey.customerId}/access-log`,
      ]) {
        const res = await t.http.get(url).set(own);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        expect(anyPlaintext(JSON.stringify(res.body), values)).toEqual([]);
      }
    }
    for (const role of ['investigator', 'delivery-service', 'admin', 'compliance'] as const) {
      const headers = await bearer(role, `${role}-9`);
      for (const { journey } of deliveries) {
        const res = await t.http.get(`/v1/deliveries/${journey.deliveryId}/timeline`).set(headers);
        expect(res.status).toBe(200);
        expect({ role, found: anyPlaintext(JSON.stringify(res.body)) }).toEqual({
          role,
          found: [],
        });
      }
      for (const url of ['/v1/deliveries', '/v1/anomalies']) {
        const res = await t.http.get(url).set(headers);
        if (res.status === 200) expect(anyPlaintext(JSON.stringify(res.body))).toEqual([]);
      }
    }
  });

  it('finds none in the compliance export', async () => {
    const res = await t.http
      .get('/v1/exports/compliance?from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z')
      .set(await bearer('compliance', 'comp-1'))
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    const text = res.body as string;
    expect(text.split('\n').length).toBeGreaterThan(30);
    expect(anyPlaintext(text)).toEqual([]);
  });

  it('finds them only in a reveal that was recorded, before it was answered', async () => {
    const [first] = deliveries;
    expect(plaintextIn(revealed, first!.values)).toContain(first!.values.plate);
    expect(anyPlaintext(revealed, first!.values)).toEqual([]);
    const log = await t.database.store.readStream(dataAccessStreamId(first!.journey.customerId));
    expect(log.map((e) => e.type)).toEqual(['PersonalDataViewed']);
    expect(log[0]!.data).toMatchObject({ viewerId: 'inv-1', caseId: 'case-leak' });
    for (const { journey } of deliveries.slice(1))
      expect(await t.database.store.readStream(dataAccessStreamId(journey.customerId))).toEqual([]);
  });
});
