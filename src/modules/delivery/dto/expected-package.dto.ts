import { IsLedgerId } from './validation.js';

/** A package the delivery is expected to bring. */
export class ExpectedPackageDto {
  @IsLedgerId('p-77')
  packageId: string;
}
