import { Module } from '@nestjs/common';

import { ProjectionFreshness } from '../projections/projection-freshness.js';
import { DeliveryReadModel } from './queries/delivery-read-model.js';
import { GetReleaseHandler } from './queries/get-release/get-release.handler.js';
import { GetReleaseHttpController } from './queries/get-release/get-release.http.controller.js';
import { Redeliveries } from './queries/get-timeline/delivery-links.js';
import { GetTimelineHandler } from './queries/get-timeline/get-timeline.handler.js';
import { GetTimelineHttpController } from './queries/get-timeline/get-timeline.http.controller.js';
import { SearchDeliveriesHandler } from './queries/search-deliveries/search-deliveries.handler.js';
import { SearchDeliveriesHttpController } from './queries/search-deliveries/search-deliveries.http.controller.js';

const QUERY_CONTROLLERS = [
  GetTimelineHttpController,
  GetReleaseHttpController,
  SearchDeliveriesHttpController,
];
const QUERY_HANDLERS = [GetTimelineHandler, GetReleaseHandler, SearchDeliveriesHandler];

/** The read side of deliveries: timelines, release, search — from the projections. */
@Module({
  controllers: QUERY_CONTROLLERS,
  providers: [ProjectionFreshness, DeliveryReadModel, Redeliveries, ...QUERY_HANDLERS],
})
export class DeliveryQueriesModule {}
