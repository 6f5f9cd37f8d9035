import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { AuthGuard } from './auth.guard.js';
import { TokenVerifier } from './token-verifier.js';

/** Every route is guarded: a bearer token with an allowed role, unless marked @Public(). */
@Module({})
export class AuthModule {
  static forRoot(verifier: TokenVerifier): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TokenVerifier, useValue: verifier },
        { provide: AuthFailureLimiter, useValue: new AuthFailureLimiter() },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
