import { randomBytes } from 'node:crypto';

import { logSigner, type LogSigner } from './log-signer.js';
import { parseKeyFile, readKeyFile } from '../config/key-file.js';
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
  const parsed = parseKeyFile<SigningKeysFile>(text, source);
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
  const { text, source } = await readKeyFile(
    config,
    {
      variable: 'KEYTRAIL_SIGNING_KEYS_FILE',
      holds: 'the checkpoint signing key',
      devFile: 'dev-signing-keys.json',
      make: () =>
        `${JSON.stringify({ origin: 'keytrail.localhost/ledger', privateKey: randomBytes(32).toString('base64'), retiredPublicKeys: [] }, null, 2)}\n`,
    },
    env,
  );
  return { ...parseSigningKeys(text, source), source };
}
