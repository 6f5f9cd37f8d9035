import { checkTeslaDriveState } from './tesla-drive-state.js';
import { IsVendorPayload } from '../vendor-payload.js';

/** Tesla's `vehicle_data?endpoints=location_data` response; only `drive_state` is read, the rest kept. */
export class TeslaDriveStateRequestDto {
  @IsVendorPayload(checkTeslaDriveState, {
    example: {
      vin: 'TEST00000000VIN01',
      drive_state: {
        latitude: 59.3293,
        longitude: 18.0686,
        heading: 289,
        gps_as_of: 1795874280,
        native_type: 'wgs',
        shift_state: null,
        speed: null,
        timestamp: 1795874282123,
      },
    },
  })
  response: { drive_state: Record<string, unknown> } & Record<string, unknown>;
}
