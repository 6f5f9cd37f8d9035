import { Module } from '@nestjs/common';

import { ListPendingLockRequestsHandler } from './queries/list-pending-lock-requests/list-pending-lock-requests.handler.js';
import { ListPendingLockRequestsHttpController } from './queries/list-pending-lock-requests/list-pending-lock-requests.http.controller.js';

/** What connectors carry out on the ledger's or the customer's behalf: pending lock requests. */
@Module({
  controllers: [ListPendingLockRequestsHttpController],
  providers: [ListPendingLockRequestsHandler],
})
export class LockRequestsModule {}
