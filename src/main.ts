import 'reflect-metadata';

import { fileURLToPath } from 'node:url';

import { Logger } from '@nestjs/common';

import { LedgerDatabase } from './adapters/ledger-database.js';
import { createApp } from './app.factory.js';
import { Draining } from './http/draining.js';
import { systemClock } from './config/clock.js';
import { resolveAuthConfig } from './config/dev-signing-secret.js';
import { loadConfig } from './config/keytrail-config.js';
import { integritySetup } from './modules/integrity/integrity-setup.js';
import { privacySetup } from './modules/privacy/privacy-setup.js';
import { stopOnSignals } from './config/stop-on-signals.js';
import { DEFAULT_CONNECTOR_REFUSAL_LIMITS } from './modules/auth/connector-refusal-limiter.js';
import { TokenVerifier } from './modules/auth/token-verifier.js';
import { humanLogger } from './observability/human-logger.js';
import { jsonLogger, JsonNestLogger } from './observability/json-logger.js';
import { LedgerMetrics } from './observability/ledger-metrics.js';
import { LEDGER_SCHEMA } from './ledger-schema.js';

// One JSON line per log entry and per request, on stdout; for a person at a terminal, plain lines.
const log = process.stdout.isTTY
  ? humanLogger({ colorize: process.env.NO_COLOR === undefined })
  : jsonLogger();
Logger.overrideLogger(new JsonNestLogger(log));
const logger = new Logger('keytrail');

async function start(): Promise<void> {
  const config = loadConfig();
  const verifier = await TokenVerifier.create(await resolveAuthConfig(config));
  const metrics = new LedgerMetrics();
  const database = await LedgerDatabase.open({
    schema: LEDGER_SCHEMA,
    databaseUrl: config.databaseUrl,
    readDatabaseUrl: config.readDatabaseUrl,
    eventStoreUrl: config.eventStoreUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    pollIntervalMs: config.pollIntervalMs,
    observer: metrics,
  });
  const privacy = await privacySetup(config);
  const integrity = await integritySetup(config);
  const draining = new Draining();
  const app = await createApp({
    draining,
    database,
    metrics,
    verifier,
    connectorRefusals: {
      ...DEFAULT_CONNECTOR_REFUSAL_LIMITS,
      limit: config.connectorRefusalsPerMinute,
    },
    clock: systemClock,
    bodyLimit: config.bodyLimit,
    answerTimeoutMs: config.answerTimeoutMs,
    timeRules: config.timeRules,
    sourceKeys: config.sourceKeys,
    requireDeviceSignatures: config.requireDeviceSignatures,
    trustProxyHops: config.trustProxyHops,
    logger: new JsonNestLogger(log),
    requestLog: log,
    runProjections: config.projections === 'inline',
    projectionStallSeconds: config.projectionStallSeconds,
    privacy,
    integrity,
    webRoot: fileURLToPath(new URL('../web', import.meta.url)),
  });
  await app.listen(config.port, config.host);

  const readModels =
    database.mode === 'embedded'
      ? `embedded PGlite in ${config.dataDir}`
      : 'PostgreSQL (DATABASE_URL)';
  const ledgerWhere =
    database.eventStoreKind === 'eventstoredb'
      ? `EventStoreDB (EVENTSTORE_URL), read models on ${readModels}`
      : readModels;
  const where = database.readModels.separate
    ? `${ledgerWhere}, queries read from ${database.readModels.where} (KEYTRAIL_READ_DATABASE_URL)`
    : ledgerWhere;
  logger.log(
    `keytrail listening on http://${config.host}:${config.port} on ${where}; API docs at /docs, investigator console at /console, customers' proof page at /proof`,
  );
  logger.log(`personal data keys from ${privacy.keysSource}; photos in ${config.blobDir}`);
  logger.log(
    `checkpoints signed as ${integrity.log.origin} (key from ${integrity.keySource}); verifier key ${integrity.log.verifierKeys[0]}`,
  );

  stopOnSignals(logger, async () => {
    // Stop accepting, let in-flight requests finish (their connections then close), flush and close
    // the database; connections still open after 10 s are cut.
    draining.start();
    const server = app.getHttpServer();
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), 10_000);
    cut.unref();
    await app.close();
    clearTimeout(cut);
    await database.close();
  });
}

start().catch((error: unknown) => {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
