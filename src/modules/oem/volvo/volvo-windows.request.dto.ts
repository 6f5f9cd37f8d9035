import { checkVolvoWindows } from './volvo-payload.js';
import { IsVendorPayload } from '../vendor-payload.js';

/** The body of Volvo's `GET /connected-vehicle/v2/vehicles/{vin}/windows`, as Volvo sends it. */
export class VolvoWindowsRequestDto {
  @IsVendorPayload(checkVolvoWindows, {
    example: {
      frontLeftWindow: { value: 'CLOSED', timestamp: '2026-11-25T14:03:12.000Z' },
      frontRightWindow: { value: 'CLOSED', timestamp: '2026-11-25T14:03:12.000Z' },
      rearLeftWindow: { value: 'CLOSED', timestamp: '2026-11-25T14:03:12.000Z' },
      rearRightWindow: { value: 'CLOSED', timestamp: '2026-11-25T14:03:12.000Z' },
      sunroof: { value: 'CLOSED', timestamp: '2026-11-25T14:03:12.000Z' },
    },
  })
  data: Record<string, unknown>;
}
