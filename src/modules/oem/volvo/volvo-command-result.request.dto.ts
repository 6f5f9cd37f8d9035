import { checkVolvoInvoke } from './volvo-payload.js';
import { IsVendorPayload } from '../vendor-payload.js';

/** The body of Volvo's answer to `POST /vehicles/{vin}/commands/lock` or `/unlock`. */
export class VolvoCommandResultRequestDto {
  @IsVendorPayload(checkVolvoInvoke, {
    example: { vin: 'YV1CT9551B1570982', invokeStatus: 'COMPLETED', message: '' },
  })
  data: { invokeStatus: string } & Record<string, unknown>;
}
