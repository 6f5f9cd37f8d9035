import { randomBytes } from 'node:crypto';

import { parseKeyFile, readKeyFile } from '../config/key-file.js';
import { ConfigurationError, type KeytrailConfig } from '../config/keytrail-config.js';

/**
 * The secrets behind personal data: key-encryption keys (the first wraps new data keys; the others
 * still unwrap, for rotation) and the root of the per-purpose pseudonym secrets. A JSON file:
 * `{ "keyEncryptionKeys": [{ "id": "kek-2026-11", "key": "<32 bytes, base64>" }],
 *    "pseudonymSecret": "<at least 32 bytes, base64>" }`.
 */
export interface PrivacyKeys {
  readonly keyEncryptionKeys: ReadonlyMap<string, Buffer>;
  readonly pseudonymSecret: Buffer;
  /** Where they came from, for the start-up line. */
  readonly source: string;
}

interface PrivacyKeysFile {
  keyEncryptionKeys?: { id?: unknown; key?: unknown }[];
  pseudonymSecret?: unknown;
}

export function parsePrivacyKeys(text: string, source: string): PrivacyKeys {
  const parsed = parseKeyFile<PrivacyKeysFile>(text, source);
  const keys = new Map<string, Buffer>();
  for (const entry of parsed.keyEncryptionKeys ?? []) {
    const key = typeof entry.key === 'string' ? Buffer.from(entry.key, 'base64') : null;
    if (typeof entry.id !== 'string' || !/^[\w.-]{1,64}$/.test(entry.id) || key?.length !== 32) {
      throw new ConfigurationError(
        `${source}: each key-encryption key needs an id ([A-Za-z0-9_.-]) and a 32-byte base64 key`,
      );
    }
    keys.set(entry.id, key);
  }
  if (keys.size === 0)
    throw new ConfigurationError(`${source} lists no key-encryption key (keyEncryptionKeys)`);
  const secret =
    typeof parsed.pseudonymSecret === 'string'
      ? Buffer.from(parsed.pseudonymSecret, 'base64')
      : null;
  if (!secret || secret.length < 32)
    throw new ConfigurationError(`${source}: pseudonymSecret must be at least 32 bytes, base64`);
  return { keyEncryptionKeys: keys, pseudonymSecret: secret, source };
}

export function newPrivacyKeysFile(): string {
  return `${JSON.stringify(
    {
      keyEncryptionKeys: [
        {
          id: `kek-${new Date().toISOString().slice(0, 10)}`,
          key: randomBytes(32).toString('base64'),
        },
      ],
      pseudonymSecret: randomBytes(32).toString('base64'),
    },
    null,
    2,
  )}\n`;
}

/**
 * KEYTRAIL_KEYS_FILE when set. Outside production, without it, a key file is made in the data
 * directory on first start (readable by this user only); production refuses to start without one.
 */
export async function resolvePrivacyKeys(
  config: KeytrailConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PrivacyKeys> {
  const { text, source } = await readKeyFile(
    config,
    {
      variable: 'KEYTRAIL_KEYS_FILE',
      holds: 'key-encryption keys',
      devFile: 'dev-privacy-keys.json',
      make: newPrivacyKeysFile,
    },
    env,
  );
  return parsePrivacyKeys(text, source);
}
