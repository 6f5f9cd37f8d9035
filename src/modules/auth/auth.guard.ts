import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { VENDORS } from '../../domain/delivery/delivery.vocabulary.js';
import type { Role } from '../../domain/shared/actor.js';
import { HttpProblem } from '../../http/error-body.js';
import type { Principal } from './principal.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { clientAddress } from './client-address.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import { AuthenticationError, TokenVerifier } from './token-verifier.js';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** KEYTRAIL_TRUST_PROXY: how many proxies in front append to X-Forwarded-For (0: none trusted). */
export const TRUSTED_PROXY_HOPS = Symbol('TRUSTED_PROXY_HOPS');

const NOT_GUESSES = new Set(['AUTH.MISSING_TOKEN', 'AUTH.TOKEN_LIFETIME_TOO_LONG']);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly failures: AuthFailureLimiter,
    @Inject(TRUSTED_PROXY_HOPS) private readonly trustedHops: number,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    let principal: Principal;
    try {
      // The token first: one that verifies is never refused by the limiter, whatever its address did.
      principal = await this.verifier.verify(request.headers.authorization);
    } catch (error) {
      // A token that does not verify counts towards the address's limit; no token at all, or a
      // genuine one that lives too long, is not a guess and does not.
      if (error instanceof AuthenticationError && !NOT_GUESSES.has(error.code))
        this.failures.failed(clientAddress(request, this.trustedHops));
      throw error;
    }
    if (principal.role === 'oem-connector' && principal.vendor === undefined) {
      // A genuine token, but one that could speak for any carmaker's car: not a guess, so not counted.
      throw new HttpProblem(
        403,
        'AUTH.VENDOR_REQUIRED',
        'A connector token must carry the carmaker it is bound to (vendor: volvo, gm or tesla)',
        { allowedVendors: [...VENDORS] },
      );
    }
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!allowed.includes(principal.role)) {
      throw new ForbiddenException({
        code: 'AUTH.FORBIDDEN',
        message: `The ${principal.role} role may not do this`,
        details: { allowedRoles: allowed },
      });
    }
    return true;
  }
}
