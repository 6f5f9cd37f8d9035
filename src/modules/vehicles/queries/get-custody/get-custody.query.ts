import { Query } from '@nestjs/cqrs';

import type { Principal } from '../../../auth/principal.js';
import type { VehicleCustody } from './vehicle-custody.js';

export class GetCustodyQuery extends Query<VehicleCustody> {
  constructor(
    readonly vehicleId: string,
    readonly from: string,
    readonly to: string,
    readonly reader: Principal,
  ) {
    super();
  }
}
