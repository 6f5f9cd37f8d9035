import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { readKeyFile } from './key-file.js';
import type { KeytrailConfig } from './keytrail-config.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-key-file-'));
const key = { variable: 'KEY_FILE', holds: 'a key', devFile: 'dev-key.json', make: () => '{}' };

describe('a key file', () => {
  it('is refused in production when no file is named', async () => {
    await expect(
      readKeyFile({ production: true, dataDir } as KeytrailConfig, key, {}),
    ).rejects.toThrow('NODE_ENV=production needs KEY_FILE (a key): no development key is made');
  });

  it('names the variable when the file it names cannot be read', async () => {
    await expect(
      readKeyFile({ production: true, dataDir } as KeytrailConfig, key, { KEY_FILE: '/none.json' }),
    ).rejects.toThrow('KEY_FILE /none.json cannot be read');
  });

  it('is made once outside production, for this user only, and read by a process starting at once', async () => {
    let made = 0;
    const counting = { ...key, make: () => `{"n":${++made}}` };
    const config = { production: false, dataDir } as KeytrailConfig;
    const [first, second] = await Promise.all([
      readKeyFile(config, counting, {}),
      readKeyFile(config, counting, {}),
    ]);
    expect(first.source).toBe(path.join(dataDir, 'dev-key.json'));
    expect(second).toEqual(first);
    expect(readFileSync(first.source, 'utf8')).toBe(first.text);
    expect(statSync(first.source).mode & 0o777).toBe(0o600);
  });
});
