import { IsLedgerId } from '../delivery/dto/validation.js';

export class OemDeliveryParams {
  @IsLedgerId()
  deliveryId: string;
}

export class OemCommandParams extends OemDeliveryParams {
  @IsLedgerId('cmd-unlock-1')
  commandId: string;
}
