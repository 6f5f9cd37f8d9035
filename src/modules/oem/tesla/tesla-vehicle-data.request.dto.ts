import { checkTeslaVehicleData } from './tesla-payload.js';
import { IsVendorPayload } from '../vendor-payload.js';

/** Tesla's `vehicle_data` response; only `vehicle_state` is read, the rest is kept verbatim. */
export class TeslaVehicleDataRequestDto {
  @IsVendorPayload(checkTeslaVehicleData, {
    example: {
      vin: 'TEST00000000VIN01',
      vehicle_state: {
        locked: true,
        df: 0,
        dr: 0,
        pf: 0,
        pr: 0,
        ft: 0,
        rt: 0,
        timestamp: 1795874592000,
      },
    },
  })
  response: { vehicle_state: Record<string, unknown> } & Record<string, unknown>;
}
