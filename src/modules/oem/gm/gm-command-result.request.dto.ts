import type { GmCommandResponse } from './gm-payload.js';
import { checkGmCommandResponse } from './gm-payload.js';
import { IsVendorPayload } from '../vendor-payload.js';

/** OnStar's answer to a lockDoor / unlockDoor request, or to polling its status URL. */
export class GmCommandResultRequestDto {
  @IsVendorPayload(checkGmCommandResponse, {
    example: {
      requestTime: '2026-11-25T14:03:00.767Z',
      completionTime: '2026-11-25T14:03:09.112Z',
      status: 'success',
      type: 'lockDoor',
      url: 'https://api.gm.com/api/v1/account/vehicles/1G1ZD5ST0LF000001/requests/123',
    },
  })
  commandResponse: GmCommandResponse & Record<string, unknown>;
}
