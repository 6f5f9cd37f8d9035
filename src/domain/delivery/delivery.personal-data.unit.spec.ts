import { describe, expect, it } from '@jest/globals';

import { DELIVERY_EVENT_SCHEMA_VERSIONS } from './delivery.events.js';
import { DELIVERY_PERSONAL_FIELDS } from './delivery.personal-data.js';

describe('personal data markers', () => {
  it('name a list for every delivery event type', () => {
    expect(Object.keys(DELIVERY_PERSONAL_FIELDS).sort()).toEqual(
      Object.keys(DELIVERY_EVENT_SCHEMA_VERSIONS).sort(),
    );
  });

  it('mark the fields PRODUCT.md stars, each with its kind', () => {
    const paths = (type: keyof typeof DELIVERY_PERSONAL_FIELDS) =>
      DELIVERY_PERSONAL_FIELDS[type].map((f) => `${f.path}:${f.kind}`);
    expect(paths('VehicleLocationDeclared')).toEqual([
      'description:place-description',
      'position:gps',
    ]);
    expect(paths('AccessGranted')).toEqual(['geofence.center:gps']);
    expect(paths('DeliveryScheduled')).toEqual(['referenceArea.center:gps']);
    expect(paths('VehiclePositionReported')).toEqual(['position:gps', 'raw:vendor-payload']);
    expect(paths('UnlockRequested')).toEqual(['courierPosition:gps']);
    expect(paths('PackagePlaced')).toEqual(['photo.ref:photo', 'photo.geotag:gps']);
    expect(paths('CourierApproaching')).toEqual(['courierName:person-name']);
  });

  it("mark the courier's name and position as the courier's, and nothing else", () => {
    const courierFields = Object.entries(DELIVERY_PERSONAL_FIELDS).flatMap(([type, fields]) =>
      fields.filter((f) => f.subject === 'courier').map((f) => `${type}.${f.path}`),
    );
    expect(courierFields.sort()).toEqual([
      'CourierApproaching.courierName',
      'UnlockRequested.courierPosition',
    ]);
    // The drop's geotag is where the package was left, at the customer's car: the customer's.
    expect(DELIVERY_PERSONAL_FIELDS.PackagePlaced.map((f) => f.subject)).toEqual([
      'customer',
      'customer',
    ]);
  });
});
