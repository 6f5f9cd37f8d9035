import { Module } from '@nestjs/common';

import { ProjectionFreshness } from '../../projections/projection-freshness.js';
import { IntegrityRoutesModule } from '../integrity-routes.module.js';
import { SubjectExportHttpController } from './subject-export.http.controller.js';
import { SubjectExports } from './subject-export.js';
import { SubjectRecords } from './subject-record.js';
import { SubjectVehicles } from './subject-vehicles.js';

/** The subject access export: everything about one customer, with the proof of each delivery. */
@Module({
  imports: [IntegrityRoutesModule],
  controllers: [SubjectExportHttpController],
  providers: [ProjectionFreshness, SubjectExports, SubjectRecords, SubjectVehicles],
})
export class SubjectExportModule {}
