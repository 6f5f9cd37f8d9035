import { Module } from '@nestjs/common';

import { VehiclesHttpController } from './vehicles.http.controller.js';
import { CommandPipelineModule } from '../streams/command-pipeline.module.js';
import { GetCustodyHandler } from './queries/get-custody/get-custody.handler.js';
import { GetCustodyHttpController } from './queries/get-custody/get-custody.http.controller.js';

/** Which customer's car a vehicle is, with its plate (sealed); and one car's custody across deliveries. */
@Module({
  imports: [CommandPipelineModule],
  controllers: [VehiclesHttpController, GetCustodyHttpController],
  providers: [GetCustodyHandler],
})
export class VehiclesModule {}
