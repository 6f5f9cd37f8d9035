import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { ProofBundle } from '../../verifier/proof-bundle.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { DeliveryParams } from '../delivery/dto/delivery-params.dto.js';
import { CaseQueryDto } from '../../http/case-query.dto.js';
import { ProofBundles } from './proof-bundles.js';
import { ApiTokenErrors } from '../../http/api-responses.js';
import { ProofBundleDto } from './proof-bundle.response.dto.js';
import { RequestAppends } from '../../http/command-request.js';
import type { UnconfirmedAppends } from '../../event-store/unconfirmed-appends.js';

@ApiTags('integrity')
@ApiBearerAuth()
@Controller('v1/deliveries')
export class ProofHttpController {
  constructor(private readonly bundles: ProofBundles) {}

  @Get(':id/proof')
  @Roles('investigator', 'customer', 'delivery-service', 'admin')
  @ApiOperation({
    summary:
      "A self-contained proof bundle: the delivery's events (canonical bytes), hash chain, inclusion proofs, the signed checkpoint and the timeline as you may see it. Check it with `npx keytrail verify bundle.json --key <verifier key>`",
  })
  @ApiOkResponse({ type: ProofBundleDto })
  @ApiTokenErrors({
    403: 'ACCESS.NOT_YOURS: another customer’s delivery; CASE.NOT_YOURS, CASE.NOT_APPROVED, CASE.EXPIRED, CASE.CLOSED, CASE.DOES_NOT_COVER: the case does not open it to you',
    404: 'DELIVERY.NOT_FOUND: unknown delivery',
    503: 'PROOF.NOT_YET_CHECKPOINTED: no checkpoint covers its events yet (one is signed within seconds)',
  })
  proof(
    @Param() params: DeliveryParams,
    @Query() query: CaseQueryDto,
    @CurrentPrincipal() reader: Principal,
    @RequestAppends() unconfirmed: UnconfirmedAppends | undefined,
  ): Promise<ProofBundle> {
    return this.bundles.forDelivery(params.id, reader, query.caseId, unconfirmed);
  }
}
