import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Vendor } from '../../../../domain/delivery/delivery.vocabulary.js';
import { CurrentPrincipal } from '../../../auth/current-principal.decorator.js';
import { connectorVendorOf, type Principal } from '../../../auth/principal.js';
import { Roles } from '../../../auth/roles.decorator.js';
import {
  ListPendingLockRequestsQuery,
  type PendingLockRequestPage,
} from './list-pending-lock-requests.query.js';
import { ListPendingLockRequestsRequestDto } from './list-pending-lock-requests.request.dto.js';
import { ApiTokenErrors } from '../../../../http/api-responses.js';
import { PendingLockRequestPageDto } from './pending-lock-request-page.response.dto.js';

@ApiTags('lock-requests')
@ApiBearerAuth()
@Controller('v1/lock-requests')
export class ListPendingLockRequestsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('pending')
  @Roles('oem-connector', 'admin')
  @ApiOperation({
    summary:
      'Locks the ledger (a car left unlocked) or a customer asked for that no connector has carried out yet; a connector is answered for its own carmaker only',
  })
  @ApiOkResponse({ type: PendingLockRequestPageDto })
  @ApiTokenErrors({ 400: 'REQUEST.INVALID_CURSOR: a cursor this list did not give' })
  list(
    @Query() { vendor, limit, cursor }: ListPendingLockRequestsRequestDto,
    @CurrentPrincipal() reader: Principal,
  ): Promise<PendingLockRequestPage> {
    // A connector asking for another carmaker's is answered with none of them, not told they exist.
    const own = connectorVendorOf(reader);
    const vendors: readonly Vendor[] | 'all' =
      own !== null
        ? vendor === undefined || vendor === own
          ? [own]
          : []
        : vendor !== undefined
          ? [vendor]
          : 'all';
    return this.queryBus.execute(new ListPendingLockRequestsQuery(vendors, limit ?? 50, cursor));
  }
}
