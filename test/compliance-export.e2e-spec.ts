import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ExportVerifier } from '../src/verifier/verify-export.js';
import { type PersonalValues, plaintextIn, privateDelivery } from './support/private-delivery.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const verify = (text: string, key: string) => {
  const verifier = new ExportVerifier(key);
  for (const line of text.split('\n')) verifier.push(line);
  return verifier.finish();
};

describe('compliance export: streamed NDJSON in the compliance view, with a signed manifest', () => {
  let t: TestApp;
  let key: string;
  const values: PersonalValues[] = [];
  const exportOf = async (
    from: string,
    to: string,
    role: Parameters<TestApp['token']>[0] = 'compliance',
  ) =>
    t.http
      .get(`/v1/exports/compliance?from=${from}&to=${to}`)
      .set('authorization', `Bearer ${await t.token(role)}`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });

  beforeAll(async () => {
    t = await startTestApp();
    key = t.integrity.log.verifierKeys[0]!;
    for (const n of [1, 2]) values.push((await privateDelivery(t, n)).values);
    await t.settle();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exports every event of the period, pseudonymised, and verifies with the key alone', async () => {
    const res = await exportOf('2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const text = res.body as string;
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'export', origin: 'keytrail.test/ledger' });
    expect(lines.at(-1)).toMatchObject({ type: 'manifest', count: lines.length - 2 });
    expect(lines.length - 2).toBe(await t.database.store.headPosition());
    expect(verify(text, key)).toMatchObject({ ok: true, failures: [] });
    for (const v of values) expect(plaintextIn(text, v)).toEqual([]);
    const events = lines.slice(1, -1) as { eventType: string; data: Record<string, unknown> }[];
    const location = events.find((e) => e.eventType === 'VehicleLocationDeclared')!;
    expect((location.data.position as { geohash: string }).geohash).toHaveLength(5);
    const granted = events.find((e) => e.eventType === 'AccessGranted')!;
    expect(granted.data.courierId).toMatch(/^tk_/);

    // Tokens are stable inside one export and unrelated across exports.
    const plates = events
      .filter((e) => e.eventType === 'VehicleLinked')
      .map((e) => (e.data.plate as { token: string }).token);
    const again = (await exportOf('2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z')).body as string;
    const platesAgain = again
      .trimEnd()
      .split('\n')
      .slice(1, -1)
      .map((l) => JSON.parse(l) as { eventType: string; data: { plate?: { token: string } } })
      .filter((e) => e.eventType === 'VehicleLinked')
      .map((e) => e.data.plate!.token);
    expect(plates).toHaveLength(2);
    expect(new Set([...plates, ...platesAgain]).size).toBe(4);
  });

  it('keeps to the period', async () => {
    const text = (await exportOf('2026-11-25T14:01:00Z', '2026-11-25T14:01:30Z')).body as string;
    const events = text
      .trimEnd()
      .split('\n')
      .slice(1, -1)
      .map((l) => JSON.parse(l) as { recordedAt: string });
    expect(events.length).toBeGreaterThan(0);
    for (const e of events)
      expect(e.recordedAt >= '2026-11-25T14:01:00' && e.recordedAt < '2026-11-25T14:01:30').toBe(
        true,
      );
    expect(verify(text, key).ok).toBe(true);
  });

  it('fails verification when a byte changes, a line goes, the manifest is missing, or the key is another', async () => {
    const text = (await exportOf('2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z')).body as string;
    const lines = text.trimEnd().split('\n');
    expect(
      verify(text.replace('"eventType":"ClosureOpened"', '"eventType":"ClosureOpenex"'), key)
        .failures[0],
    ).toMatch(/SHA-256/);
    expect(
      verify([...lines.slice(0, 3), ...lines.slice(4)].join('\n'), key).failures.join(),
    ).toMatch(/holds .* events, the manifest says/);
    expect(verify(lines.slice(0, -1).join('\n'), key).failures).toEqual([
      'no manifest: the export is cut short',
    ]);
    expect(
      verify(text, 'keytrail.test/ledger+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k').ok,
    ).toBe(false);
  });

  it('refuses other roles and a period that ends before it starts', async () => {
    expect(
      (await exportOf('2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z', 'investigator')).status,
    ).toBe(403);
    const backwards = await t.http
      .get('/v1/exports/compliance?from=2026-11-26T00:00:00Z&to=2026-11-25T00:00:00Z')
      .set('authorization', `Bearer ${await t.token('compliance')}`);
    expect(backwards.status).toBe(400);
    const missing = await t.http
      .get('/v1/exports/compliance')
      .set('authorization', `Bearer ${await t.token('compliance')}`);
    expect(missing.status).toBe(400);
  });
});
