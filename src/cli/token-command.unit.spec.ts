import { describe, expect, it } from '@jest/globals';
import { Command } from 'commander';

import { TokenVerifier } from '../modules/auth/token-verifier.js';
import { registerTokenCommand } from './token-command.js';

const SECRET = 'cli-unit-test-secret-that-is-long-enough!';

/** Runs `keytrail token …` as the CLI parses it; answers what it printed, or its usage error. */
async function keytrailToken(args: string[]): Promise<{ out: string; error: string | null }> {
  let out = '';
  let error = '';
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeErr: (text) => (error += text), writeOut: () => undefined });
  registerTokenCommand(program, { KEYTRAIL_JWT_SECRET: SECRET }, (text) => (out += text));
  try {
    await program.parseAsync(['token', ...args], { from: 'user' });
    return { out, error: null };
  } catch {
    return { out, error };
  }
}

describe('keytrail token', () => {
  it('mints a connector token bound to its carmaker with --vendor', async () => {
    const { out, error } = await keytrailToken([
      '--role',
      'oem-connector',
      '--sub',
      'volvo-connector',
      '--vendor',
      'volvo',
    ]);
    expect(error).toBeNull();
    const verifier = await TokenVerifier.create({
      hmacSecrets: [SECRET],
      jwksFile: null,
      issuer: 'keytrail',
      audience: 'keytrail-api',
    });
    expect(await verifier.verify(`Bearer ${out.trim()}`)).toEqual({
      id: 'volvo-connector',
      role: 'oem-connector',
      vendor: 'volvo',
    });
  });

  it('refuses --vendor on any other role, a connector without one, and an unknown carmaker', async () => {
    const runs = {
      delivery: await keytrailToken(['--role', 'delivery-service', '--sub', 'd', '--vendor', 'gm']),
      admin: await keytrailToken(['--role', 'admin', '--sub', 'a', '--vendor', 'tesla']),
      unbound: await keytrailToken(['--role', 'oem-connector', '--sub', 'c']),
      ford: await keytrailToken(['--role', 'oem-connector', '--sub', 'c', '--vendor', 'ford']),
    };
    expect(runs.delivery.error).toContain('--vendor is only for --role oem-connector');
    expect(runs.admin.error).toContain('--vendor is only for --role oem-connector');
    expect(runs.unbound.error).toContain('an oem-connector token needs --vendor');
    expect(runs.ford.error).toContain('Allowed choices are volvo, gm, tesla');
    for (const run of Object.values(runs)) expect(run.out).toBe('');
  });

  it('mints a token without a vendor for every other role', async () => {
    const { out, error } = await keytrailToken(['--role', 'investigator', '--sub', 'inv-1']);
    expect(error).toBeNull();
    expect(out.split('.')).toHaveLength(3);
  });

  it('issues tokens within the lifetime of their role, and refuses a longer --ttl', async () => {
    const lifetime = (token: string) => {
      const { iat, exp } = JSON.parse(
        Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'),
      ) as { iat: number; exp: number };
      return exp - iat;
    };
    const person = await keytrailToken(['--role', 'customer', '--sub', 'c-1']);
    expect(lifetime(person.out.trim())).toBe(8 * 3600);
    const service = await keytrailToken([
      '--role',
      'delivery-service',
      '--sub',
      'ds',
      '--ttl',
      '30d',
    ]);
    expect(lifetime(service.out.trim())).toBe(30 * 86_400);
    const tooLong = await keytrailToken(['--role', 'admin', '--sub', 'a', '--ttl', '9h']);
    expect(tooLong.error).toContain('a admin token may live at most 28800 s');
    expect(tooLong.out).toBe('');
    const serviceTooLong = await keytrailToken([
      '--role',
      'oem-connector',
      '--sub',
      'c',
      '--vendor',
      'gm',
      '--ttl',
      '31d',
    ]);
    expect(serviceTooLong.error).toContain('may live at most 2592000 s');
  });
});
