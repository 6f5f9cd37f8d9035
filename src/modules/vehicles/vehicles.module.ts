import { Module } from '@nestjs/common';

import { VehiclesHttpController } from './vehicles.http.controller.js';
import { CommandPipelineModule } from '../streams/command-pipeline.module.js';

/** Which customer's car a vehicle is, with its plate (sealed). */
@Module({ imports: [CommandPipelineModule], controllers: [VehiclesHttpController] })
export class VehiclesModule {}
