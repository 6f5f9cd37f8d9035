import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

import { TokenVerifier } from '../src/modules/auth/token-verifier.js';
import { startTestApp, TEST_AUTH, type TestApp } from './support/test-app.js';

const b64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const secret = new TextEncoder().encode(TEST_AUTH.hmacSecrets[0]);
const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'inv-1',
  role: 'investigator',
  iss: TEST_AUTH.issuer,
  aud: TEST_AUTH.audience,
  iat: now(),
  exp: now() + 600,
  ...overrides,
});
const hs256 = (payload: Record<string, unknown>, alg = 'HS256') =>
  new SignJWT(payload).setProtectedHeader({ alg }).sign(secret);

/**
 * Tokens as an attacker makes them: unsigned, signed with the wrong algorithm or key, out of their
 * time, for another issuer or audience, edited after signing. Each is 401, through the real app; and
 * an address that keeps failing is slowed down with 429 and Retry-After.
 */
describe('token hardening', () => {
  let t: TestApp;
  const anomalies = (token: string) =>
    t.http.get('/v1/anomalies').set('authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('accepts the genuine token (the control)', async () => {
    expect((await anomalies(await hs256(claims()))).status).toBe(200);
  });

  it('refuses alg none, algorithm confusion, tampering, time, issuer and audience: 401 each', async () => {
    const good = await hs256(claims());
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const cases: Record<string, string> = {
      'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`,
      'alg none, signature kept': `${b64url({ alg: 'none' })}.${payload}.${signature}`,
      'HS512 with the same secret': await hs256(claims(), 'HS512'),
      'header says RS256': `${b64url({ alg: 'RS256' })}.${payload}.${signature}`,
      'payload edited to admin': `${header}.${b64url(claims({ role: 'admin' }))}.${signature}`,
      'signature edited': `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('A') ? 'BB' : 'AA'}`,
      'signature removed': `${header}.${payload}.`,
      expired: await hs256(claims({ exp: now() - 60 })),
      'not yet valid': await hs256(claims({ nbf: now() + 3600 })),
      'no expiry': await hs256(
        Object.fromEntries(Object.entries(claims()).filter(([k]) => k !== 'exp')),
      ),
      'wrong issuer': await hs256(claims({ iss: 'someone-else' })),
      'wrong audience': await hs256(claims({ aud: 'another-api' })),
      'unknown role': await hs256(claims({ role: 'superuser' })),
    };
    const answers = Object.fromEntries(
      await Promise.all(
        Object.entries(cases).map(async ([name, token]) => {
          const res = await anomalies(token);
          return [name, `${res.status} ${res.body.error?.code}`] as const;
        }),
      ),
    );
    for (const [name, answer] of Object.entries(answers))
      expect({ name, answer }).toEqual({
        name,
        answer: expect.stringMatching(/^401 AUTH\.(INVALID_TOKEN|TOKEN_EXPIRED)$/),
      });
  });

  it('refuses an HS256 token signed with the public key of the identity provider (key confusion)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'EdDSA' };
    const dir = mkdtempSync(path.join(tmpdir(), 'keytrail-jwks-'));
    writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [jwk] }));
    const verifier = await TokenVerifier.create({
      ...TEST_AUTH,
      hmacSecrets: [],
      jwksFile: path.join(dir, 'jwks.json'),
    });
    const genuine = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'EdDSA', kid: 'idp-1' })
      .sign(privateKey);
    await expect(verifier.verify(`Bearer ${genuine}`)).resolves.toEqual({
      id: 'inv-1',
      role: 'investigator',
    });
    const confused = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'idp-1' })
      .sign(new TextEncoder().encode(JSON.stringify(jwk)));
    const rawKey = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'idp-1' })
      .sign(Buffer.from(jwk.x!, 'base64url'));
    for (const token of [confused, rawKey])
      await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({
        code: 'AUTH.INVALID_TOKEN',
      });
  });

  it('refuses a genuine token that lives longer than its role may: 401 AUTH.TOKEN_LIFETIME_TOO_LONG', async () => {
    const answer = async (overrides: Record<string, unknown>) => {
      const res = await anomalies(await hs256(claims(overrides)));
      return `${res.status} ${res.body.error?.code ?? ''}`.trim();
    };
    const hours = (h: number) => now() + h * 3600;
    expect({
      'exp in 2100': await answer({ exp: 4_102_444_800 }),
      'investigator, 8 h': await answer({ exp: hours(8) }),
      'investigator, 8 h and a minute': await answer({ exp: hours(8) + 60 }),
      'no iat, exp in 9 h': await answer({ iat: undefined, exp: hours(9) }),
      'iat in the future, exp in 9 h': await answer({ iat: hours(8.5), exp: hours(9) }),
      'delivery service, 30 days': await answer({
        sub: 'ds-1',
        role: 'delivery-service',
        exp: hours(30 * 24),
      }),
      'delivery service, 31 days': await answer({
        sub: 'ds-1',
        role: 'delivery-service',
        exp: hours(31 * 24),
      }),
    }).toEqual({
      'exp in 2100': '401 AUTH.TOKEN_LIFETIME_TOO_LONG',
      'investigator, 8 h': '200',
      'investigator, 8 h and a minute': '401 AUTH.TOKEN_LIFETIME_TOO_LONG',
      'no iat, exp in 9 h': '401 AUTH.TOKEN_LIFETIME_TOO_LONG',
      'iat in the future, exp in 9 h': '401 AUTH.TOKEN_LIFETIME_TOO_LONG',
      'delivery service, 30 days': '403 AUTH.FORBIDDEN',
      'delivery service, 31 days': '401 AUTH.TOKEN_LIFETIME_TOO_LONG',
    });
  });

  it('slows down an address that keeps failing with 429 and Retry-After, yet lets its valid token through', async () => {
    const forged = await new SignJWT(claims({ role: 'admin' }))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a-guess-at-the-secret-that-is-long-enough'));
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) statuses.push((await anomalies(forged)).status);
    // The tests above spent some of this address's allowance (20 per minute) already.
    expect(statuses).toContain(429);
    expect(statuses.slice(statuses.indexOf(429)).every((s) => s === 429)).toBe(true);
    const stillFailing = await anomalies(forged);
    expect(stillFailing.status).toBe(429);
    expect(stillFailing.body.error.code).toBe('AUTH.TOO_MANY_FAILURES');
    expect(Number(stillFailing.headers['retry-after'])).toBeGreaterThan(0);
    // A token that verifies is never refused by the limiter.
    expect((await anomalies(await hs256(claims()))).status).toBe(200);
    // No token at all is not a guess: health and the public key stay reachable.
    expect((await t.http.get('/v1/checkpoints/keys')).status).toBe(200);
  });

  it('counts the socket address when no proxy is trusted: a spoofed X-Forwarded-For does not escape', async () => {
    const forged = await hs256(claims({ role: 'nobody' }));
    const spoofed = [];
    for (let i = 0; i < 3; i += 1)
      spoofed.push(
        (
          await t.http
            .get('/v1/anomalies')
            .set('authorization', `Bearer ${forged}`)
            .set('x-forwarded-for', `198.51.100.${i}`)
        ).status,
      );
    // The same socket address as the test above, still blocked, whatever the header claims.
    expect(spoofed).toEqual([429, 429, 429]);
  });
});

describe('token hardening behind a proxy (KEYTRAIL_TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, { trustProxyHops: 1 });
  });
  afterAll(async () => {
    await t?.close();
  });
  const anomaliesFrom = (client: string, token: string) =>
    t.http
      .get('/v1/anomalies')
      .set('authorization', `Bearer ${token}`)
      .set('x-forwarded-for', client);

  it('blocks the client that keeps failing, not the others behind the same load balancer', async () => {
    const forged = await hs256(claims({ role: 'nobody' }));
    const attacker: number[] = [];
    // The attacker writes its own X-Forwarded-For; the balancer appends the address it saw.
    for (let i = 0; i < 25; i += 1)
      attacker.push((await anomaliesFrom(`10.9.9.${i}, 203.0.113.66`, forged)).status);
    expect(attacker.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(attacker.slice(20)).toEqual([429, 429, 429, 429, 429]);
    expect((await anomaliesFrom('203.0.113.66', await hs256(claims()))).status).toBe(200);
    expect((await anomaliesFrom('203.0.113.7', forged)).status).toBe(401);
    expect((await anomaliesFrom('203.0.113.7', await hs256(claims()))).status).toBe(200);
  });
});
