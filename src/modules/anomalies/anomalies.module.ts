import { Module } from '@nestjs/common';

import { ListAnomaliesHandler } from './queries/list-anomalies/list-anomalies.handler.js';
import { ListAnomaliesHttpController } from './queries/list-anomalies/list-anomalies.http.controller.js';

@Module({ controllers: [ListAnomaliesHttpController], providers: [ListAnomaliesHandler] })
export class AnomaliesModule {}
