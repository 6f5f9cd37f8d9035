import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { logSigner, type LogSigner } from './log-signer.js';
import { ConfigurationError, type KeytrailConfig } from '../config/keytrail-config.js';

/**
 * The checkpoint signing key: `KEYTRAIL_SIGNING_KEYS_FILE`, a JSON file
 * `{ "origin": "keytrail.example.com/ledger", "privateKey": "<32-byte seed, base64>",
 *    "retiredPublicKeys": ["<32 bytes, base64>", …] }`. Outside production, without it, one is made in
 * the data directory on first start; production refuses to start without it.
 */
interface SigningKeysFile {
  origin?: unknown;
  privateKey?: unknown;
  retiredPublicKeys?: unknown;
}

export function parseSigningKeys(text: string, source: string): LogSigner {
  let parsed: SigningKeysFile;
  try {
    parsed = JSON.parse(text) as SigningKeysFile;
  } catch {
    throw new ConfigurationError(`${source} is not JSON`);
  }
  const origin = typeof parsed.origin === 'string' ? parsed.origin : '';
  if (!/^[^\s+]{1,200}$/u.test(origin))
    throw new ConfigurationError(
      `${source}: origin must be a name without spaces or '+', e.g. keytrail.example.com/ledger`,
    );
  const seed =
    typeof parsed.privateKey === 'string' ? Buffer.from(parsed.privateKey, 'base64') : null;
  if (seed?.length !== 32)
    throw new ConfigurationError(`${source}: privateKey must be a 32-byte Ed25519 seed, base64`);
  const retired = Array.isArray(parsed.retiredPublicKeys) ? parsed.retiredPublicKeys : [];
  const retiredKeys = retired.map((key) => {
    const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : null;
    if (bytes?.length !== 32)
      throw new ConfigurationError(`${source}: each retired public key is 32 bytes, base64`);
    return new Uint8Array(bytes);
  });
  return logSigner(origin, new Uint8Array(seed), retiredKeys);
}

export async function resolveSigningKeys(
  config: KeytrailConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LogSigner & { source: string }> {
  const configured = env.KEYTRAIL_SIGNING_KEYS_FILE?.trim();
  if (configured) {
    const text = await readFile(configured, 'utf8').catch((error: unknown) => {
      throw new ConfigurationError(
        `KEYTRAIL_SIGNING_KEYS_FILE ${configured} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return { ...parseSigningKeys(text, configured), source: configured };
  }
  if (config.production) {
    throw new ConfigurationError(
      'NODE_ENV=production needs KEYTRAIL_SIGNING_KEYS_FILE (the checkpoint signing key): no development key is made',
    );
  }
  const file = path.join(config.dataDir, 'dev-signing-keys.json');
  let text = await readFile(file, 'utf8').catch(() => '');
  if (text.trim().length === 0) {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    text = `${JSON.stringify({ origin: 'keytrail.localhost/ledger', privateKey: randomBytes(32).toString('base64'), retiredPublicKeys: [] }, null, 2)}\n`;
    await writeFile(file, text, { mode: 0o600, flag: 'wx' }).catch(async () => {
      text = await readFile(file, 'utf8');
    });
  }
  return { ...parseSigningKeys(text, file), source: file };
}
