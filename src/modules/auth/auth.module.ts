import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { AuthGuard, TRUSTED_PROXY_HOPS } from './auth.guard.js';
import {
  ConnectorRefusalLimiter,
  type ConnectorRefusalLimits,
  DEFAULT_CONNECTOR_REFUSAL_LIMITS,
} from './connector-refusal-limiter.js';
import { TokenVerifier } from './token-verifier.js';

/**
 * Every route is guarded: a bearer token with an allowed role, unless marked @Public(). The command
 * pipeline limits connectors that keep being refused with the limiter this module holds.
 */
@Module({})
export class AuthModule {
  static forRoot(
    verifier: TokenVerifier,
    connectorRefusals: ConnectorRefusalLimits = DEFAULT_CONNECTOR_REFUSAL_LIMITS,
    trustedProxyHops = 0,
  ): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: TokenVerifier, useValue: verifier },
        { provide: AuthFailureLimiter, useValue: new AuthFailureLimiter() },
        { provide: TRUSTED_PROXY_HOPS, useValue: trustedProxyHops },
        {
          provide: ConnectorRefusalLimiter,
          useValue: new ConnectorRefusalLimiter(connectorRefusals),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [ConnectorRefusalLimiter],
    };
  }
}
