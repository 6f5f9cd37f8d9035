import { IsLedgerId } from './validation.js';

export class DeliveryParams {
  @IsLedgerId()
  id: string;
}

export class GrantParams extends DeliveryParams {
  @IsLedgerId('g-7')
  grantId: string;
}
