import { checkGmLocation } from './gm-location.js';
import { IsVendorPayload } from '../vendor-payload.js';

/** OnStar's answer to a `location` command, or to polling its status URL. */
export class GmLocationRequestDto {
  @IsVendorPayload(checkGmLocation, {
    example: {
      requestTime: '2026-11-25T13:57:50.577Z',
      completionTime: '2026-11-25T13:57:53.336Z',
      status: 'success',
      type: 'location',
      url: 'https://api.gm.com/api/v1/account/vehicles/1G1ZD5ST0LF000001/requests/123',
      body: {
        location: { lat: '59.3293000', long: '18.0686000' },
        direction: { uom: 'degree', value: '0.0' },
        speed: { uom: 'kmph', value: '0.0' },
      },
    },
  })
  commandResponse: Record<string, unknown>;
}
