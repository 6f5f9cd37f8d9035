import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import pg from 'pg';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** The standby's name, as the primary's synchronous_standby_names lists it. */
export const STANDBY_NAME = 'keytrail_standby';

/**
 * One server of the pair: a data directory of its own and a port, run by PostgreSQL's own tools
 * (pg_ctl as the postgres user), so that it can be killed and promoted.
 */
export class PostgresServer {
  constructor(
    readonly dir: string,
    readonly port: number,
    private readonly settings: readonly string[],
  ) {}

  url(database = 'keytrail'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      ...this.settings.map((s) => `-c ${s}`),
    ];
    await asPostgres('pg_ctl', [
      ...['-D', this.dir, '-w', '-l', path.join(this.dir, 'server.log')],
      ...['-o', options.join(' '), 'start'],
    ]);
  }

  /** `immediate`: as if the server crashed (no checkpoint, connections cut). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dir, '-w', '-m', mode, 'stop']);
  }

  /** The standby leaves recovery and takes writes (pg_ctl promote waits until it does). */
  async promote(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dir, '-w', 'promote']);
  }

  async destroy(): Promise<void> {
    try {
      await this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A primary and its streaming standby on this machine: initdb, the primary started with
 * synchronous_standby_names naming the standby and synchronous_commit = on (a commit returns once the
 * standby has flushed its WAL), then `pg_basebackup -R` for the standby's data directory.
 */
export async function startReplicatedPair(
  primaryPort: number,
  standbyPort: number,
): Promise<{ primary: PostgresServer; standby: PostgresServer }> {
  const primary = new PostgresServer(ownedTempDir(), primaryPort, [
    `synchronous_standby_names=${STANDBY_NAME}`,
    'synchronous_commit=on',
    'wal_level=replica',
    'fsync=off',
  ]);
  await asPostgres('initdb', ['-D', primary.dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  // Until the standby exists a synchronous commit would wait for it: create the database first.
  await primary.start();
  await sql(primary.url('postgres'), [
    `SET synchronous_commit = local`,
    `CREATE DATABASE keytrail ENCODING 'UTF8' TEMPLATE template0`,
  ]);
  const standby = new PostgresServer(ownedTempDir(), standbyPort, [
    `cluster_name=${STANDBY_NAME}`,
    'fsync=off',
  ]);
  await asPostgres('pg_basebackup', [
    ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'],
    ...['-D', standby.dir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync'],
  ]);
  await standby.start();
  await waitForSynchronousStandby(primary);
  return { primary, standby };
}

/** Until pg_stat_replication shows the standby streaming as the synchronous one. */
export async function waitForSynchronousStandby(primary: PostgresServer): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await sql(primary.url('postgres'), [
      `SELECT sync_state FROM pg_stat_replication WHERE application_name = '${STANDBY_NAME}' AND state = 'streaming'`,
    ]);
    if (rows.some((r) => r.sync_state === 'sync')) return;
    if (Date.now() > deadline) throw new Error('the standby did not become synchronous');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function sql(url: string, statements: readonly string[]): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let rows: Record<string, unknown>[] = [];
    for (const statement of statements) rows = (await client.query(statement)).rows;
    return rows;
  } finally {
    await client.end();
  }
}

function ownedTempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'keytrail-pg-'));
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  chownSync(dir, id('-u'), id('-g'));
  return dir;
}

const run = promisify(execFile);

/**
 * PostgreSQL's tools refuse to run as root: run them as the postgres user when we are root. Not
 * blocking: the drill's clients go on sending while the primary is killed and the standby promoted.
 */
async function asPostgres(tool: string, args: string[]): Promise<void> {
  const binary = path.join(BIN, tool);
  if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', binary, ...args]);
  else await run(binary, args);
}
