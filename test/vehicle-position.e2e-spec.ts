import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ngeohash from 'ngeohash';

import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import { at, CAR, Journey } from './support/journey.js';
import { approveCase } from './support/cases.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { gmLocation, teslaDriveState, volvoLocation } from './support/vendor-payloads.js';

/** About 3 km north of the car's usual spot. */
const MOVED_AWAY = { lat: 59.3563, lon: 18.0686 };
/** The customer's address: 7 decimals no geohash or rounding produces, so a leak can be searched for. */
const HOME = { lat: 59.3293417, lon: 18.0686253 };
const AREA = { center: HOME, radiusM: 300 };
/** Where the car reports itself, a few metres from the spot: inside the area and the geofence. */
const PARKED = { lat: 59.3293521, lon: 18.0686309 };

interface Entry {
  type: string;
  data: Record<string, unknown>;
  line: string;
}

/**
 * Issue 15, section 4: the service works only while the car stands near the customer's reference
 * address. The car's own position (read from the carmaker, or declared by the customer) is checked
 * at every unlock, through the real app and PostgreSQL.
 */
describe('the car’s own position: an unlock only where the car may be opened', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const types = (body: { events: { type: string }[] }) => body.events.map((e) => e.type);
  const stored = async (j: Journey) =>
    (await t.database.store.readStream(deliveryStreamId(j.deliveryId))).length;

  const scheduleBody = (j: Journey, referenceArea: object | undefined = AREA) => ({
    deliveryId: j.deliveryId,
    orderId: 'o-1',
    customerId: j.customerId,
    vehicleId: j.vehicleId,
    vendor: j.vendor,
    window: { from: at('13:00:00'), to: at('17:00:00') },
    target: 'trunk',
    referenceArea,
  });

  /** Scheduled with the customer's reference area, and granted (geofence 50 m around the car). */
  async function granted(vendor: Journey['vendor'] = 'volvo'): Promise<Journey> {
    const j = new Journey(t, vendor);
    t.clock.set(at('12:00:00'));
    const scheduled = await j.post('/v1/deliveries', scheduleBody(j));
    expect(scheduled.status).toBe(201);
    await j.grant();
    return j;
  }

  const timelineAs = async (j: Journey, role: 'customer' | 'investigator' | 'compliance') => {
    const sub = role === 'customer' ? j.customerId : `${role}-1`;
    const res = await t.http
      .get(`/v1/deliveries/${j.deliveryId}/timeline`)
      .set({ authorization: `Bearer ${await t.token(role, sub)}` });
    expect(res.status).toBe(200);
    return res.body as { view: string; entries: Entry[] };
  };
  const entry = (body: { entries: Entry[] }, type: string) =>
    body.entries.find((e) => e.type === type)!;

  it('denies the courier at the old spot once the customer says the car moved 3 km away, and revokes the grant', async () => {
    const j = await granted();
    t.clock.set(at('13:50:00'));
    const moved = await j.post(
      'location',
      { description: 'Moved to the office garage', position: MOVED_AWAY },
      'customer',
    );
    expect(moved.status).toBe(200);
    expect(types(moved.body)).toEqual(['VehicleLocationDeclared', 'AccessRevoked']);

    const unlock = await j.unlock('14:00:00');
    expect(unlock.status).toBe(422);
    expect(unlock.body.error.details.reason).toBe('vehicle_outside_area');

    const { entries } = await timelineAs(j, 'investigator');
    expect(entry({ entries }, 'AccessRevoked').data).toEqual({
      grantId: 'g-1',
      reason: 'vehicle_moved',
    });
    expect(entries.map((e) => e.line)).toEqual(
      expect.arrayContaining([
        'Grant g-1 revoked: the car was declared moved outside its geofence',
        'Unlock denied: the car’s last known position is outside the customer’s reference area or the grant’s geofence',
      ]),
    );
  });

  it('denies an unlock while a Volvo location read puts the car outside the area, and allows it once the car is back', async () => {
    const j = await granted();
    t.clock.set(at('13:58:05'));
    const away = await j.oem('location', volvoLocation(at('13:58:00'), MOVED_AWAY));
    expect(away.status).toBe(200);
    expect(types(away.body)).toEqual(['VehiclePositionReported']);
    // The connector's retry of the same payload is the same fact: answered as stored, nothing added.
    const retry = await j.oem('location', volvoLocation(at('13:58:00'), MOVED_AWAY));
    expect(retry.body).toMatchObject({ replayed: true, events: away.body.events });

    const denied = await j.unlock('14:00:00');
    expect(denied.status).toBe(422);
    expect(denied.body.error.details.reason).toBe('vehicle_outside_area');

    t.clock.set(at('14:01:05'));
    const back = await j.oem('location', volvoLocation(at('14:01:00'), PARKED));
    expect(back.status).toBe(200);
    const again = await j.unlock('14:01:10', { commandId: 'cmd-unlock-2', nonce: 'nonce-0002' });
    expect(again.status).toBe(200);

    const reported = (await timelineAs(j, 'investigator')).entries.filter(
      (e) => e.type === 'VehiclePositionReported',
    );
    expect(reported.map((e) => e.line)).toEqual([
      'Volvo reports the car’s position, fixed at 13:58:00',
      'Volvo reports the car’s position, fixed at 14:01:00',
    ]);
  });

  it('does not use a position older than KEYTRAIL_VEHICLE_POSITION_MAX_AGE_S (900 s), nor take an old fix for a skewed clock', async () => {
    const j = await granted();
    t.clock.set(at('13:30:05'));
    expect((await j.oem('location', volvoLocation(at('13:30:00'), MOVED_AWAY))).status).toBe(200);
    // Fixed 20 minutes before it was sent: a parked car's position is as old as its parking.
    t.clock.set(at('13:50:00'));
    const oldFix = await j.oem('location', volvoLocation(at('13:44:59'), MOVED_AWAY, '180'));
    expect(oldFix.status).toBe(200);

    expect((await j.unlock('14:00:00')).status).toBe(200);
    const codes = (await j.anomalies()).map((a) => a.code);
    expect(codes).not.toContain('clock_skew');
  });

  it('records a Tesla drive_state and a GM location read, and shows each position by role', async () => {
    const tesla = await granted('tesla');
    t.clock.set(at('13:59:00'));
    const drive = await tesla.oem('location', teslaDriveState(at('13:58:50'), PARKED));
    expect(drive.status).toBe(200);
    expect(types(drive.body)).toEqual(['VehiclePositionReported']);
    expect((await tesla.unlock('14:00:00')).status).toBe(200);

    const gm = await granted('gm');
    t.clock.set(at('13:59:00'));
    const onstar = await gm.oem('location', gmLocation(at('13:58:57'), MOVED_AWAY));
    expect(onstar.status).toBe(200);
    expect((await gm.unlock('14:00:00')).body.error.details.reason).toBe('vehicle_outside_area');

    const own = await timelineAs(tesla, 'customer');
    expect(own.view).toBe('owner');
    expect(entry(own, 'VehiclePositionReported').data).toMatchObject({
      vendor: 'tesla',
      position: PARKED,
      positionAt: at('13:58:50'),
      heading: 289,
      timeVerdict: null,
    });
    expect(entry(own, 'DeliveryScheduled').data.referenceArea).toEqual(AREA);

    const investigator = await timelineAs(tesla, 'investigator');
    expect(entry(investigator, 'VehiclePositionReported').data).toMatchObject({
      position: {
        $personal: 'geohash',
        geohash: ngeohash.encode(PARKED.lat, PARKED.lon, 7),
        precision: 7,
      },
      raw: { $personal: 'withheld', kind: 'vendor-payload' },
    });
    expect(entry(investigator, 'DeliveryScheduled').data.referenceArea).toEqual({
      center: {
        $personal: 'geohash',
        geohash: ngeohash.encode(HOME.lat, HOME.lon, 7),
        precision: 7,
      },
      radiusM: 300,
    });

    const compliance = await timelineAs(gm, 'compliance');
    expect(
      (entry(compliance, 'VehiclePositionReported').data.position as { geohash: string }).geohash,
    ).toBe(ngeohash.encode(MOVED_AWAY.lat, MOVED_AWAY.lon, 5));
    expect(
      (entry(compliance, 'DeliveryScheduled').data.referenceArea as { center: { geohash: string } })
        .center.geohash,
    ).toBe(ngeohash.encode(HOME.lat, HOME.lon, 5));
    for (const body of [investigator, compliance]) {
      const text = JSON.stringify(body);
      for (const value of [HOME.lat, HOME.lon, PARKED.lat, PARKED.lon]) {
        expect(text).not.toContain(String(value));
      }
    }

    // Under an open case the investigator sees the precise positions, and the reveal is recorded.
    const investigatorToken = { authorization: `Bearer ${await t.token('investigator', 'inv-9')}` };
    const opened = await t.http
      .post('/v1/cases')
      .set(investigatorToken)
      .send({ caseId: 'case-position', deliveryIds: [tesla.deliveryId], reason: 'car moved' });
    expect(opened.status).toBe(201);
    await approveCase(t, 'case-position');
    const underCase = await t.http
      .get(`/v1/deliveries/${tesla.deliveryId}/timeline?caseId=case-position`)
      .set(investigatorToken);
    expect(underCase.status).toBe(200);
    const revealed = underCase.body as { view: string; entries: Entry[] };
    expect(revealed.view).toBe('case');
    expect(entry(revealed, 'VehiclePositionReported').data.position).toEqual(PARKED);
    expect(entry(revealed, 'DeliveryScheduled').data.referenceArea).toEqual(AREA);
    const log = await t.http
      .get(`/v1/subjects/${tesla.customerId}/access-log`)
      .set({ authorization: `Bearer ${await t.token('customer', tesla.customerId)}` });
    expect(log.body.entries).toEqual([
      expect.objectContaining({ caseId: 'case-position', fields: expect.arrayContaining(['gps']) }),
    ]);

    const [row] = await t.database.dataSource.query<{ text: string }[]>(
      `SELECT string_agg(canonical, E'\\n') AS text FROM ledger.events`,
    );
    for (const value of [HOME.lat, HOME.lon, PARKED.lat, PARKED.lon]) {
      expect(row!.text).not.toContain(String(value));
    }
  });

  it('answers 400 to positions and areas outside valid ranges, from callers and carmakers alike, storing nothing', async () => {
    const j = new Journey(t, 'volvo');
    t.clock.set(at('12:00:00'));
    for (const referenceArea of [
      { center: HOME, radiusM: 0 },
      { center: HOME, radiusM: -5 },
      { center: HOME, radiusM: 100_000 },
      { center: { lat: 91, lon: 18 }, radiusM: 300 },
      { center: { lat: 59, lon: -181 }, radiusM: 300 },
      { radiusM: 300 },
    ]) {
      const res = await j.post('/v1/deliveries', scheduleBody(j, referenceArea));
      expect({ area: referenceArea, status: res.status, code: res.body.error?.code }).toEqual({
        area: referenceArea,
        status: 400,
        code: 'REQUEST.INVALID',
      });
    }
    expect(await stored(j)).toBe(0);
    expect((await j.post('/v1/deliveries', scheduleBody(j))).status).toBe(201);
    await j.grant();
    const before = await stored(j);

    t.clock.set(at('13:50:00'));
    const declared = await j.post(
      'location',
      { description: 'Garage', position: { lat: 90.5, lon: 18 } },
      'customer',
    );
    expect(declared.status).toBe(400);

    const volvo = volvoLocation(at('13:58:00'), CAR);
    const badVolvo = {
      data: { ...volvo.data, geometry: { type: 'Point', coordinates: [181, 59.3] } },
    };
    const volvoRes = await j.oem('location', badVolvo);
    expect(volvoRes.status).toBe(400);
    expect(volvoRes.body.error.message).toContain('must be a longitude from -180 to 180');

    const tesla = new Journey(t, 'tesla');
    t.clock.set(at('12:00:00'));
    expect((await tesla.post('/v1/deliveries', scheduleBody(tesla))).status).toBe(201);
    const drive = teslaDriveState(at('13:58:00'), CAR);
    drive.response.drive_state.latitude = -91;
    expect((await tesla.oem('location', drive)).status).toBe(400);

    const gm = new Journey(t, 'gm');
    expect((await gm.post('/v1/deliveries', scheduleBody(gm))).status).toBe(201);
    const onstar = gmLocation(at('13:58:00'), CAR);
    onstar.commandResponse.body.location.long = '200.0000000';
    expect((await gm.oem('location', onstar)).status).toBe(400);

    expect(await stored(j)).toBe(before);
    expect(await stored(tesla)).toBe(1);
    expect(await stored(gm)).toBe(1);
  });
});
