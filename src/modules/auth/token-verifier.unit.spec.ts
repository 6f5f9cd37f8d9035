import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { SignJWT } from 'jose';

import type { AuthConfig } from '../../config/keytrail-config.js';
import { mintToken } from './token-issuer.js';
import { TokenVerifier } from './token-verifier.js';

const AUTH: AuthConfig = {
  hmacSecrets: ['unit-test-secret-that-is-long-enough!!'],
  jwksFile: null,
  issuer: 'keytrail',
  audience: 'keytrail-api',
};

describe('token verifier', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('refuses a token it has verified before as soon as the token expires', async () => {
    jest.useFakeTimers({
      now: Date.parse('2026-11-25T12:00:00Z'),
      doNotFake: [
        'nextTick',
        'setImmediate',
        'queueMicrotask',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
      ],
    });
    const verifier = await TokenVerifier.create(AUTH);
    const token = await mintToken(AUTH, {
      sub: 'courier-7',
      role: 'delivery-service',
      ttlSeconds: 60,
    });
    const bearer = `Bearer ${token}`;
    expect(await verifier.verify(bearer)).toEqual({ id: 'courier-7', role: 'delivery-service' });
    jest.setSystemTime(Date.parse('2026-11-25T12:00:59Z'));
    expect(await verifier.verify(bearer)).toEqual({ id: 'courier-7', role: 'delivery-service' });
    jest.setSystemTime(Date.parse('2026-11-25T12:01:00Z'));
    await expect(verifier.verify(bearer)).rejects.toMatchObject({ code: 'AUTH.TOKEN_EXPIRED' });
  });

  it('refuses an edited copy of a token it has verified', async () => {
    const verifier = await TokenVerifier.create(AUTH);
    const token = await mintToken(AUTH, { sub: 'courier-7', role: 'delivery-service' });
    await verifier.verify(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.');
    const admin = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        role: 'admin',
      }),
    ).toString('base64url');
    await expect(verifier.verify(`Bearer ${header}.${admin}.${signature}`)).rejects.toMatchObject({
      code: 'AUTH.INVALID_TOKEN',
    });
  });

  it('binds a connector to the carmaker its token names, and no other caller to any', async () => {
    const verifier = await TokenVerifier.create(AUTH);
    const signed = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(AUTH.issuer)
        .setAudience(AUTH.audience)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(AUTH.hmacSecrets[0]));
    const principal = async (claims: Record<string, unknown>) =>
      verifier.verify(`Bearer ${await signed(claims)}`);
    expect(await principal({ sub: 'gm-1', role: 'oem-connector', vendor: 'gm' })).toEqual({
      id: 'gm-1',
      role: 'oem-connector',
      vendor: 'gm',
    });
    expect(await principal({ sub: 'x-1', role: 'oem-connector', vendor: 'ford' })).toEqual({
      id: 'x-1',
      role: 'oem-connector',
    });
    expect(await principal({ sub: 'd-1', role: 'delivery-service', vendor: 'volvo' })).toEqual({
      id: 'd-1',
      role: 'delivery-service',
    });
  });
});
