import { randomBytes } from 'node:crypto';

import pg from 'pg';

/** Where the benches make their databases: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else local. */
export const BENCH_SERVER =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

/** Fresh databases on the bench server, each made for one run and dropped after it. */
export class BenchDatabases {
  private readonly admin = new pg.Client({ connectionString: BENCH_SERVER });
  private connected: Promise<unknown> | null = null;
  private readonly names = new Set<string>();

  /** A new empty database; answers its URL. */
  async create(): Promise<string> {
    await (this.connected ??= this.admin.connect());
    const name = `keytrail_bench_${randomBytes(4).toString('hex')}`;
    await this.admin.query(`CREATE DATABASE ${name}`);
    this.names.add(name);
    const url = new URL(BENCH_SERVER);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async drop(url: string): Promise<void> {
    const name = new URL(url).pathname.slice(1);
    if (!this.names.delete(name)) return;
    await this.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  /** Drops what is left and lets the server go. */
  async close(): Promise<void> {
    for (const name of [...this.names]) {
      this.names.delete(name);
      await this.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    if (this.connected) await this.admin.end();
  }
}
