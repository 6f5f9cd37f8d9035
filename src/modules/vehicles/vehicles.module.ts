import { Module } from '@nestjs/common';

import { VehiclesHttpController } from './vehicles.http.controller.js';
import { VehiclesService } from './vehicles.service.js';

/** Which customer's car a vehicle is, with its plate (sealed). */
@Module({ controllers: [VehiclesHttpController], providers: [VehiclesService] })
export class VehiclesModule {}
