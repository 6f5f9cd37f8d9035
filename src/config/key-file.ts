import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ConfigurationError, type KeytrailConfig } from './keytrail-config.js';

export interface KeyFile {
  /** The environment variable that names it, e.g. `KEYTRAIL_KEYS_FILE`. */
  readonly variable: string;
  /** What it holds, for the refusal in production. */
  readonly holds: string;
  /** Its name in the data directory outside production. */
  readonly devFile: string;
  /** A new key file's text. */
  readonly make: () => string;
}

/**
 * A key file's text and path: the file the variable names, when set. Outside production, without
 * it, one is made in the data directory on first start (readable by this user only; a second process
 * starting at once reads the first one's); production refuses to start without it.
 */
export async function readKeyFile(
  config: KeytrailConfig,
  { variable, holds, devFile, make }: KeyFile,
  env: NodeJS.ProcessEnv,
): Promise<{ text: string; source: string }> {
  const configured = env[variable]?.trim();
  if (configured) {
    const text = await readFile(configured, 'utf8').catch((error: unknown) => {
      throw new ConfigurationError(
        `${variable} ${configured} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return { text, source: configured };
  }
  if (config.production) {
    throw new ConfigurationError(
      `NODE_ENV=production needs ${variable} (${holds}): no development key is made`,
    );
  }
  const file = path.join(config.dataDir, devFile);
  let text = await readFile(file, 'utf8').catch(() => '');
  if (text.trim().length === 0) {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    text = make();
    await writeFile(file, text, { mode: 0o600, flag: 'wx' }).catch(async () => {
      text = await readFile(file, 'utf8');
    });
  }
  return { text, source: file };
}

/** A key file's JSON, its fields still unchecked: a file that is not JSON stops the start. */
export function parseKeyFile<T extends object>(text: string, source: string): Partial<T> {
  try {
    return JSON.parse(text) as Partial<T>;
  } catch {
    throw new ConfigurationError(`${source} is not JSON`);
  }
}
