import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { type AuthConfig, ConfigurationError, type KeytrailConfig } from './keytrail-config.js';

/**
 * Outside production, with no key configured, tokens are signed with a secret kept in the data
 * directory, so that `npm run keytrail -- token` and the running server agree without set-up.
 */
export async function resolveAuthConfig(config: KeytrailConfig): Promise<AuthConfig> {
  const { auth } = config;
  if (auth.hmacSecrets.length > 0 || auth.jwksFile !== null) return auth;
  if (config.production) {
    throw new ConfigurationError(
      'NODE_ENV=production needs KEYTRAIL_JWT_SECRET or KEYTRAIL_JWKS_FILE: no development key is made',
    );
  }
  const file = path.join(config.dataDir, 'dev-jwt-secret');
  let secret = await readFile(file, 'utf8').catch(() => '');
  if (secret.trim().length === 0) {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    secret = randomBytes(32).toString('base64url');
    await writeFile(file, secret, { mode: 0o600, flag: 'w' });
  }
  return { ...auth, hmacSecrets: [secret.trim()] };
}
