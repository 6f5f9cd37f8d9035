import { checkVolvoDoors } from './volvo-payload.js';
import { IsVendorPayload } from '../vendor-payload.js';

/** The body of Volvo's `GET /connected-vehicle/v2/vehicles/{vin}/doors`, as Volvo sends it. */
export class VolvoDoorsRequestDto {
  @IsVendorPayload(checkVolvoDoors, {
    example: {
      centralLock: { value: 'LOCKED', timestamp: '2026-11-25T14:03:12.000Z' },
      frontLeftDoor: { value: 'CLOSED', timestamp: '2026-11-25T14:03:12.000Z' },
      tailgate: { value: 'CLOSED', timestamp: '2026-11-25T14:03:12.000Z' },
    },
  })
  data: Record<string, unknown>;
}
