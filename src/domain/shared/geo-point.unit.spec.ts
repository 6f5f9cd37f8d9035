import { describe, expect, it } from '@jest/globals';

import { distanceInMetres } from './geo-point.js';

describe('great-circle distance', () => {
  it('measures Stockholm to Gothenburg as about 398 km', () => {
    const km =
      distanceInMetres({ lat: 59.3293, lon: 18.0686 }, { lat: 57.7089, lon: 11.9746 }) / 1000;
    expect(km).toBeGreaterThan(396);
    expect(km).toBeLessThan(400);
  });

  it('measures a thousandth of a degree of latitude as about 111 m, and a point to itself as 0', () => {
    const a = { lat: 59.3293, lon: 18.0686 };
    expect(distanceInMetres(a, { lat: 59.3303, lon: 18.0686 })).toBeCloseTo(111.2, 0);
    expect(distanceInMetres(a, a)).toBe(0);
  });
});
