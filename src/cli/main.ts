#!/usr/bin/env node
import { availableParallelism } from 'node:os';

import { Command, InvalidArgumentError, Option } from 'commander';

import { createProjections } from '../../projections/delivery-projections.js';
import { checkDeterminism, rebuildProjections } from '../../projections/runtime/rebuild.js';
import { replayParked } from '../../projections/runtime/replay-parked.js';
import { connectEventStoreDb, LedgerDatabase } from '../adapters/ledger-database.js';
import { EventStoreDbEventStore } from '../adapters/eventstoredb/eventstoredb-event-store.js';
import type { PostgresEventStore } from '../adapters/postgres/postgres-event-store.js';
import { moveLedger } from '../event-store/move-ledger.js';
import { verifyLedger } from '../integrity/verify-ledger.js';
import { signedCheckpoints, storedLeaves } from '../integrity/verification-sources.js';
import { resolveSigningKeys } from '../integrity/signing-keys.js';
import { ensureCheckpoint, saveCheckpoint } from '../../projections/runtime/checkpoints.js';
import { loadConfig } from '../config/keytrail-config.js';
import { registerDemoCommand } from './demo-command.js';
import { registerOpenApiCommand } from './openapi-command.js';
import { progress } from './progress.js';
import { registerTokenCommand } from './token-command.js';
import {
  registerVerifyCommands,
  registerVerifyConsistencyCommand,
  registerVerifyExportCommand,
} from './verify-commands.js';
import { LEDGER_SCHEMA } from '../ledger-schema.js';
import { registerWitnessCommand } from './witness-command.js';

const program = new Command()
  .name('keytrail')
  .description('keytrail ledger administration')
  .showHelpAfterError();

registerTokenCommand(program);
registerWitnessCommand(program);
registerDemoCommand(program);
registerOpenApiCommand(program);

const STORES = ['postgres', 'eventstoredb'] as const;

program
  .command('migrate')
  .description(
    'apply pending schema migrations; with --from and --to, move the ledger between event stores',
  )
  .addOption(new Option('--from <store>', 'copy the ledger from this store').choices(STORES))
  .addOption(new Option('--to <store>', 'into this one').choices(STORES))
  .action(async (options: { from?: (typeof STORES)[number]; to?: (typeof STORES)[number] }) => {
    if (!options.from && !options.to) {
      await withDatabase((database) => {
        process.stdout.write(`migrated (${database.mode})\n`);
        return Promise.resolve();
      });
      return;
    }
    if (!options.from || !options.to || options.from === options.to) {
      throw new InvalidArgumentError('give --from and --to, one postgres and one eventstoredb');
    }
    const config = loadConfig();
    if (!config.eventStoreUrl)
      throw new InvalidArgumentError('EVENTSTORE_URL must point at the EventStoreDB side');
    // The PostgreSQL side (DATABASE_URL, or the embedded one) also keeps where the move got to.
    const database = await LedgerDatabase.open({
      schema: LEDGER_SCHEMA,
      databaseUrl: config.databaseUrl,
      eventStoreUrl: null,
      dataDir: config.dataDir,
      poolSize: 4,
      pollIntervalMs: config.pollIntervalMs,
    });
    const esdb = await connectEventStoreDb(config.eventStoreUrl);
    const eventStoreDb = new EventStoreDbEventStore(esdb);
    const postgres = database.store as PostgresEventStore;
    const [source, target] =
      options.from === 'postgres' ? [postgres, eventStoreDb] : [eventStoreDb, postgres];
    const name = `ledger-move:${options.from}->${options.to}`;
    const bar = progress(`move ${options.from} → ${options.to}`);
    try {
      const moved = await moveLedger(
        source,
        target,
        {
          load: () => ensureCheckpoint(database.dataSource.manager, name),
          save: (position) => saveCheckpoint(database.dataSource.manager, name, position),
        },
        (done, head) => bar.update(done, head),
      );
      bar.stop();
      process.stdout.write(
        `moved ${moved} events; now run verify-ledger on the target, then projections rebuild all\n`,
      );
    } finally {
      await eventStoreDb.close();
      await database.close();
    }
  });

registerVerifyCommands(program);
registerVerifyExportCommand(program);
registerVerifyConsistencyCommand(program);

program
  .command('verify-ledger')
  .description(
    'walk the whole stored ledger: recompute every hash chain link, every Merkle leaf (against the stored tree) and the root at every signed checkpoint (and its signature); report the first divergence',
  )
  .option(
    '--key <verifier key...>',
    "the log's published verifier keys (default: the configured signing key's)",
  )
  .option(
    '--workers <n>',
    'worker threads, each checking a range of the log (PostgreSQL; default: the available cores; 1: one walk)',
    (value) => {
      if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('a whole number from 1');
      return Number(value);
    },
  )
  .action(async (options: { key?: string[]; workers?: number }) => {
    const result = await withDatabase(async (database) => {
      const keys = options.key ?? (await resolveSigningKeys(loadConfig())).verifierKeys;
      const databaseUrl = loadConfig().databaseUrl;
      const workers = options.workers ?? availableParallelism();
      const bar = progress('verify-ledger');
      const started = Date.now();
      const verification = await verifyLedger(database.store, {
        onProgress: (done, head) => bar.update(done, head),
        tree: storedLeaves(database.dataSource),
        checkpoints: await signedCheckpoints(database.dataSource, keys),
        // The workers read PostgreSQL themselves; the embedded database and EventStoreDB are walked.
        ...(database.eventStoreKind === 'postgres' && databaseUrl && workers > 1
          ? { parallel: { databaseUrl, workers } }
          : {}),
      });
      bar.stop();
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `${verification.events} events in ${seconds.toFixed(1)} s (${Math.round(verification.events / Math.max(seconds, 0.001)).toLocaleString('en')} events/s)\n`,
      );
      return verification;
    });
    if (result.firstDivergence) {
      const d = result.firstDivergence;
      const event =
        d.eventId !== undefined
          ? `global position ${d.globalPosition} (${d.streamId}@${d.streamRevision}, event ${d.eventId})`
          : '';
      const checkpoint =
        d.checkpoint !== undefined ? `checkpoint of tree size ${d.checkpoint}` : '';
      process.stdout.write(
        `DIVERGENCE at ${[event, checkpoint].filter(Boolean).join(', ')}: ${d.problem}\n`,
      );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `ledger verified: ${result.events} events in ${result.streams} streams, every hash chain intact; ${result.leavesCompared} leaves match the stored tree; ${result.checkpointsVerified} signed checkpoints recomputed and verified\n`,
    );
  });

async function withDatabase<T>(work: (database: LedgerDatabase) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await LedgerDatabase.open({
    schema: LEDGER_SCHEMA,
    databaseUrl: config.databaseUrl,
    eventStoreUrl: config.eventStoreUrl,
    dataDir: config.dataDir,
    poolSize: 4,
    pollIntervalMs: config.pollIntervalMs,
  });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

function chosenProjections(name: string) {
  const all = createProjections();
  const chosen = name === 'all' ? all : all.filter((p) => p.name === name);
  if (chosen.length === 0) {
    throw new InvalidArgumentError(
      `no projection ${name}; one of: all, ${all.map((p) => p.name).join(', ')}`,
    );
  }
  return chosen;
}

const projections = program
  .command('projections')
  .description('the read models: rebuild, check, replay parked events');

projections
  .command('rebuild')
  .argument('<name>', 'a projection name, or all')
  .description(
    'rebuild from position 0 into shadow tables, then swap them in; the API keeps serving',
  )
  .action(async (name: string) => {
    const chosen = chosenProjections(name);
    await withDatabase(async (database) => {
      const names = chosen.map((p) => p.name).join(', ');
      const bar = progress(`rebuild ${names}`);
      const started = Date.now();
      const position = await rebuildProjections(database.store, database.dataSource, chosen, {
        onProgress: (done, head) => bar.update(done, head),
      });
      bar.stop();
      process.stdout.write(
        `${names}: rebuilt to position ${position} in ${((Date.now() - started) / 1000).toFixed(1)} s and swapped in\n`,
      );
    });
  });

projections
  .command('check')
  .argument('<name>', 'a projection name, or all')
  .description(
    'rebuild into shadows and compare them row for row with the live tables (stop writes first)',
  )
  .action(async (name: string) => {
    const chosen = chosenProjections(name);
    const identical = await withDatabase(async (database) => {
      let same = true;
      for (const projection of chosen) {
        const report = await checkDeterminism(database.store, database.dataSource, projection);
        for (const t of report.tables) {
          same &&= t.identical;
          process.stdout.write(
            `${report.projection} ${t.table}: ${t.rows} rows, ${t.identical ? 'identical' : `DIFFERENT (live ${t.live}, rebuilt ${t.rebuilt})`}\n`,
          );
        }
      }
      return same;
    });
    if (!identical) process.exitCode = 1;
  });

projections
  .command('replay-parked')
  .argument('[name]', 'a projection name, or all', 'all')
  .description(
    'after a fix, apply the parked events again: those that now apply leave the parked list, the others stay with the new reason (safe while the projections run)',
  )
  .action(async (name: string) => {
    const chosen = chosenProjections(name);
    const reports = await withDatabase((database) =>
      replayParked(database.store, database.dataSource, chosen),
    );
    if (reports.length === 0) process.stdout.write('no parked events\n');
    for (const r of reports) {
      process.stdout.write(
        `${r.projection}: ${r.replayed.length} replayed, ${r.stillParked.length} still parked, ${r.needRebuild.length} need a rebuild\n`,
      );
      for (const { position, reason } of r.stillParked)
        process.stdout.write(`  still parked at ${position}: ${reason}\n`);
      if (r.needRebuild.length > 0)
        process.stdout.write(
          `  positions ${r.needRebuild.join(', ')}: run keytrail projections rebuild ${r.projection}\n`,
        );
    }
    if (reports.some((r) => r.stillParked.length > 0 || r.needRebuild.length > 0))
      process.exitCode = 1;
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`keytrail: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
