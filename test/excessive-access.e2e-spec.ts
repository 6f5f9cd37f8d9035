import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createProjections } from '../projections/delivery-projections.js';
import { rebuildProjections } from '../projections/runtime/rebuild.js';
import { EXCESSIVE_ACCESS_CUSTOMERS } from '../src/story/anomalies/access/excessive-personal-data-access.js';
import { AT_THE_CAR, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { volvoInvoke } from './support/vendor-payloads.js';
import { approveCase } from './support/cases.js';

interface Anomaly {
  anomalyId: string;
  code: string;
  severity: string;
  reason: string;
  evidence: number[];
  rule: string;
}

/**
 * excessive_personal_data_access counts every kind of reveal, per investigator per UTC day: one
 * investigator shown the photos, or the positions, or the evidence of many customers is flagged, where
 * before only plates counted. None of these deliveries has a car linked: no plate is ever revealed.
 */
describe('excessive_personal_data_access: every kind of reveal counts', () => {
  let t: TestApp;
  let deliveries: Journey[];
  const bearer = async (sub: string) => ({
    authorization: `Bearer ${await t.token('investigator', sub)}`,
  });

  /** Opens a case over the deliveries as the investigator; a supervisor approves it. */
  const openCase = async (investigator: string, caseId: string, deliveryIds: string[]) => {
    const res = await t.http
      .post('/v1/cases')
      .set(await bearer(investigator))
      .send({ caseId, deliveryIds, reason: 'bulk review' });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    await approveCase(t, caseId);
  };

  /** The investigator's excessive-access anomalies, once the projections have caught up. */
  const flagsOf = async (investigator: string): Promise<Anomaly[]> => {
    await t.settle();
    const res = await t.http
      .get('/v1/anomalies?code=excessive_personal_data_access&limit=100')
      .set(await bearer('inv-reader'));
    expect(res.status).toBe(200);
    return (res.body.items as Anomaly[]).filter((a) =>
      a.anomalyId.startsWith(`excessive_personal_data_access:${investigator}:`),
    );
  };

  /** A customer's delivery with their car's place declared and a drop photo, no car linked. */
  const delivery = async (): Promise<Journey> => {
    const j = new Journey(t, 'volvo');
    await j.schedule();
    const ok = (res: { status: number; body: unknown }) =>
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    ok(
      await j.post(
        'location',
        { description: 'car park, level 2', position: AT_THE_CAR },
        'customer',
      ),
    );
    await j.grant();
    ok(await j.unlock('14:00:00'));
    ok(await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED')));
    ok(await j.closure('opened', '14:00:40'));
    ok(await j.dropPackage('14:01:00'));
    return j;
  };

  beforeAll(async () => {
    t = await startTestApp();
    deliveries = [];
    for (let i = 0; i < EXCESSIVE_ACCESS_CUSTOMERS; i += 1) deliveries.push(await delivery());
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`flags one investigator downloading the drop photos of ${EXCESSIVE_ACCESS_CUSTOMERS} customers in a day`, async () => {
    await openCase(
      'inv-photos',
      'case-photos',
      deliveries.map((d) => d.deliveryId),
    );
    for (const [i, d] of deliveries.entries()) {
      const photo = await t.http
        .get(`/v1/deliveries/${d.deliveryId}/packages/p-1/photo?caseId=case-photos`)
        .set(await bearer('inv-photos'));
      expect(photo.status).toBe(200);
      // One short of the threshold, nothing is raised.
      if (i === EXCESSIVE_ACCESS_CUSTOMERS - 2) expect(await flagsOf('inv-photos')).toEqual([]);
    }
    const flags = await flagsOf('inv-photos');
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      severity: 'high',
      reason: `investigator inv-photos was shown personal data (photo) of ${EXCESSIVE_ACCESS_CUSTOMERS} people on 2026-11-25 (UTC)`,
    });
    expect(flags[0]!.evidence).toHaveLength(EXCESSIVE_ACCESS_CUSTOMERS);
    expect(flags[0]!.rule).toMatch(/plate, positions, photos, evidence exports/);
  });

  it(`flags one investigator shown the positions of ${EXCESSIVE_ACCESS_CUSTOMERS} customers in a day`, async () => {
    await openCase(
      'inv-positions',
      'case-positions',
      deliveries.map((d) => d.deliveryId),
    );
    for (const d of deliveries) {
      const timeline = await t.http
        .get(`/v1/deliveries/${d.deliveryId}/timeline?caseId=case-positions`)
        .set(await bearer('inv-positions'));
      expect(timeline.status).toBe(200);
      expect(timeline.body.vehicle).toBeNull();
    }
    const flags = await flagsOf('inv-positions');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.reason).toMatch(/\(gps, place-description[,)]/);
    expect(flags[0]!.reason).not.toContain('plate');
  });

  it(`flags one investigator exporting the evidence of ${EXCESSIVE_ACCESS_CUSTOMERS} customers in a day`, async () => {
    await openCase(
      'inv-evidence',
      'case-evidence',
      deliveries.map((d) => d.deliveryId),
    );
    const evidence = await t.http
      .get('/v1/cases/case-evidence/evidence')
      .set(await bearer('inv-evidence'));
    expect(evidence.status).toBe(200);
    const flags = await flagsOf('inv-evidence');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.evidence).toHaveLength(EXCESSIVE_ACCESS_CUSTOMERS);
  });

  it('derives the same flags when the projections are rebuilt', async () => {
    const before = [
      ...(await flagsOf('inv-photos')),
      ...(await flagsOf('inv-positions')),
      ...(await flagsOf('inv-evidence')),
    ];
    expect(before).toHaveLength(3);
    await rebuildProjections(t.database.store, t.database.dataSource, createProjections());
    const after = [
      ...(await flagsOf('inv-photos')),
      ...(await flagsOf('inv-positions')),
      ...(await flagsOf('inv-evidence')),
    ];
    expect(after).toEqual(before);
  });
});
