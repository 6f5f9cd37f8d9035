import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { CLOCK, type Clock } from '../../config/clock.js';
import type { SourceKeysConfig } from '../../config/keytrail-config.js';
import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';
import type { TimeRules } from '../../domain/shared/time-rules.js';
import type { RequestWithEvidence } from '../../http/command-request.js';
import { TIME_RULES } from '../../ledger.module.js';
import type { RequestWithBytes } from './duplicate-fields.js';
import { checkSourceSignature } from './source-signature.js';

/** KEYTRAIL_SOURCE_KEYS, as the oem module was given it. */
export const SOURCE_KEYS = Symbol('SOURCE_KEYS');
/** The carmaker a webhook controller speaks for, set by `OemWebhook`. */
export const SOURCE_CARMAKER = 'keytrail:source-carmaker';

/**
 * Checks the connector's RFC 9421 signature over the exact body bytes before the route runs (so a
 * refusal stores nothing), and hands the evidence to the command pipeline through the request.
 */
@Injectable()
export class SourceSignatureGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(SOURCE_KEYS) private readonly keys: SourceKeysConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIME_RULES) private readonly timeRules: TimeRules,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const carmaker = this.reflector.get<Vendor>(SOURCE_CARMAKER, context.getClass());
    const request = context.switchToHttp().getRequest<RequestWithBytes & RequestWithEvidence>();
    const evidence = checkSourceSignature(
      {
        method: request.method,
        url: request.originalUrl,
        headers: request.headers,
        body: request.rawBody ?? new Uint8Array(0),
      },
      carmaker,
      this.keys,
      new Date(this.clock.now()),
      this.timeRules,
    );
    if (evidence) request.sourceSignature = evidence;
    return true;
  }
}
