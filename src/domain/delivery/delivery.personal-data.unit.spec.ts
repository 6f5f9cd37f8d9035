import { describe, expect, it } from '@jest/globals';

import { DELIVERY_EVENT_SCHEMA_VERSIONS } from './delivery.events.js';
import { DELIVERY_PERSONAL_FIELDS } from './delivery.personal-data.js';

describe('personal data markers', () => {
  it('name a list for every delivery event type', () => {
    expect(Object.keys(DELIVERY_PERSONAL_FIELDS).sort()).toEqual(
      Object.keys(DELIVERY_EVENT_SCHEMA_VERSIONS).sort(),
    );
  });

  it('mark the fields PRODUCT.md stars', () => {
    expect(DELIVERY_PERSONAL_FIELDS.VehicleLocationDeclared).toEqual(['description', 'position']);
    expect(DELIVERY_PERSONAL_FIELDS.AccessGranted).toEqual(['geofence.center']);
    expect(DELIVERY_PERSONAL_FIELDS.UnlockRequested).toEqual(['courierPosition']);
    expect(DELIVERY_PERSONAL_FIELDS.PackagePlaced).toEqual(['photo.ref', 'photo.geotag']);
  });
});
