import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Command } from 'commander';

import { LedgerDatabase } from '../adapters/ledger-database.js';
import { createApp } from '../app.factory.js';
import { systemClock } from '../config/clock.js';
import { resolveAuthConfig } from '../config/dev-signing-secret.js';
import { loadConfig } from '../config/keytrail-config.js';
import { OPENAPI_JSON_PATH } from '../http/openapi-document.js';
import { TokenVerifier } from '../modules/auth/token-verifier.js';
import { integritySetup } from '../modules/integrity/integrity-setup.js';
import { privacySetup } from '../modules/privacy/privacy-setup.js';
import { LEDGER_SCHEMA } from '../ledger-schema.js';

/** The OpenAPI document as written for integrators: two-space JSON and a final newline. */
export const openApiFileText = (document: unknown): string =>
  `${JSON.stringify(document, null, 2)}\n`;

/**
 * The document the app serves at /docs-json, read from the real app on an embedded ledger in a
 * scratch directory (no PostgreSQL, nothing of the user's data touched), on a loopback port.
 */
async function servedDocument(): Promise<unknown> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'keytrail-openapi-'));
  try {
    // The defaults, not this shell's settings: the document is the same wherever it is written.
    const config = loadConfig({ KEYTRAIL_DATA_DIR: scratch });
    const database = await LedgerDatabase.open({
      schema: LEDGER_SCHEMA,
      databaseUrl: null,
      eventStoreUrl: null,
      dataDir: scratch,
      poolSize: 1,
      pollIntervalMs: config.pollIntervalMs,
    });
    try {
      const app = await createApp({
        database,
        verifier: await TokenVerifier.create(await resolveAuthConfig(config)),
        clock: systemClock,
        bodyLimit: config.bodyLimit,
        runProjections: false,
        privacy: await privacySetup(config),
        integrity: await integritySetup(config),
        logger: false,
      });
      await app.listen(0, '127.0.0.1');
      try {
        const { port } = app.getHttpServer().address() as AddressInfo;
        const answer = await fetch(`http://127.0.0.1:${port}${OPENAPI_JSON_PATH}`);
        if (!answer.ok) throw new Error(`${OPENAPI_JSON_PATH} answered ${answer.status}`);
        return await answer.json();
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('write the OpenAPI document the API serves at /docs-json (for client generators)')
    .argument('[file]', 'where to write it', 'openapi.json')
    .action(async (file: string) => {
      await writeFile(file, openApiFileText(await servedDocument()));
      process.stdout.write(`wrote ${file}\n`);
    });
}
