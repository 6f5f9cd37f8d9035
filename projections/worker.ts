import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { LedgerDatabase } from '../src/adapters/ledger-database.js';
import { systemClock } from '../src/config/clock.js';
import { loadConfig } from '../src/config/keytrail-config.js';
import { integritySetup } from '../src/modules/integrity/integrity-setup.js';
import { privacySetup } from '../src/modules/privacy/privacy-setup.js';
import { stopOnSignals } from '../src/config/stop-on-signals.js';
import { ProjectorModule } from '../src/modules/projections/projector.module.js';
import { jsonLogger, JsonNestLogger } from '../src/observability/json-logger.js';
import { LEDGER_SCHEMA } from '../src/ledger-schema.js';

/**
 * `npm run projector`: the projections and the watchdog in a process of their own, for deployments
 * that scale them apart from the API (set KEYTRAIL_PROJECTIONS=off on the API processes then). Running
 * both is safe: each projection's checkpoint admits one writer at a time.
 */
const nestLogger = new JsonNestLogger(jsonLogger());
Logger.overrideLogger(nestLogger);
const logger = new Logger('projector');

async function start(): Promise<void> {
  const config = loadConfig();
  const database = await LedgerDatabase.open({
    schema: LEDGER_SCHEMA,
    databaseUrl: config.databaseUrl,
    eventStoreUrl: config.eventStoreUrl,
    dataDir: config.dataDir,
    poolSize: Math.min(config.databasePoolSize, 6),
    pollIntervalMs: config.pollIntervalMs,
  });
  const context = await NestFactory.createApplicationContext(
    ProjectorModule.forRoot({
      database,
      clock: systemClock,
      privacy: await privacySetup(config),
      integrity: await integritySetup(config),
    }),
    { logger: nestLogger },
  );
  logger.log(
    `projector running on ${database.mode === 'embedded' ? config.dataDir : 'PostgreSQL'}`,
  );
  stopOnSignals(logger, async () => {
    await context.close();
    await database.close();
  });
}

start().catch((error: unknown) => {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
