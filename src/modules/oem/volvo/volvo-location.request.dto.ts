import { checkVolvoLocation } from './volvo-location.js';
import { IsVendorPayload } from '../vendor-payload.js';

/** The body of Volvo's `GET /location/v1/vehicles/{vin}/location`, as Volvo sends it. */
export class VolvoLocationRequestDto {
  @IsVendorPayload(checkVolvoLocation, {
    example: {
      type: 'Feature',
      properties: { timestamp: '2026-11-25T13:58:00.000Z', heading: '90' },
      geometry: { type: 'Point', coordinates: [18.0686, 59.3293, 0] },
    },
  })
  data: Record<string, unknown>;
}
