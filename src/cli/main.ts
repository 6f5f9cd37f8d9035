#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';

import { LedgerDatabase } from '../adapters/postgres/ledger-database.js';
import { resolveAuthConfig } from '../config/dev-signing-secret.js';
import { loadConfig } from '../config/keytrail-config.js';
import { ROLES } from '../domain/shared/actor.js';
import { mintToken } from '../modules/auth/token-issuer.js';
import { LEDGER_ID } from '../modules/delivery/dto/validation.js';

const DURATION = /^(\d+)(s|m|h|d)$/;
const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

function parseDuration(value: string): number {
  const match = DURATION.exec(value);
  if (!match) throw new InvalidArgumentError('use a number with s, m, h or d, e.g. 8h');
  return Number(match[1]) * SECONDS[match[2] as keyof typeof SECONDS];
}

function parseSubject(value: string): string {
  if (!LEDGER_ID.test(value)) throw new InvalidArgumentError('letters, digits and . _ : - only');
  return value;
}

const program = new Command()
  .name('keytrail')
  .description('keytrail ledger administration')
  .showHelpAfterError();

program
  .command('token')
  .description('mint a development bearer token, signed with the configured HS256 secret')
  .addOption(new Option('--role <role>', 'the caller role').choices(ROLES).makeOptionMandatory())
  .requiredOption('--sub <id>', 'the caller id (a customer token: the customerId)', parseSubject)
  .option('--ttl <duration>', 'how long it stays valid', parseDuration, 8 * 3600)
  .action(async (options: { role: (typeof ROLES)[number]; sub: string; ttl: number }) => {
    const auth = await resolveAuthConfig(loadConfig());
    const token = await mintToken(auth, {
      sub: options.sub,
      role: options.role,
      ttlSeconds: options.ttl,
    });
    process.stdout.write(`${token}\n`);
  });

program
  .command('migrate')
  .description('apply pending schema migrations (the server also applies them when it starts)')
  .action(async () => {
    const config = loadConfig();
    const database = await LedgerDatabase.open({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: 2,
      pollIntervalMs: config.pollIntervalMs,
    });
    process.stdout.write(`migrated (${database.mode})\n`);
    await database.close();
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`keytrail: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
