import { randomBytes } from 'node:crypto';

import pg from 'pg';

/** Where the benches make their databases: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else local. */
export const BENCH_SERVER =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

const identifier = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
  return name;
};

const urlOf = (name: string): string => {
  const url = new URL(BENCH_SERVER);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Fresh databases on the bench server, each made for one run and dropped after it. */
export class BenchDatabases {
  private readonly admin = new pg.Client({ connectionString: BENCH_SERVER });
  private connected: Promise<unknown> | null = null;
  private readonly names = new Set<string>();

  /** A new empty database, or a copy of a kept one (`template`); answers its URL. */
  async create(template?: string): Promise<string> {
    await (this.connected ??= this.admin.connect());
    const name = `keytrail_bench_${randomBytes(4).toString('hex')}`;
    await this.admin.query(
      `CREATE DATABASE ${name}${template ? ` TEMPLATE ${identifier(template)}` : ''}`,
    );
    this.names.add(name);
    return urlOf(name);
  }

  /**
   * A database kept between runs (a prefilled ledger to copy), made and filled by `fill` when it is
   * not there yet. Answers its URL. Never dropped by `close`.
   */
  async kept(name: string, fill: (url: string) => Promise<unknown>): Promise<string> {
    await (this.connected ??= this.admin.connect());
    const { rows } = await this.admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (rows.length === 0) {
      await this.admin.query(`CREATE DATABASE ${identifier(name)}`);
      try {
        await fill(urlOf(name));
      } catch (error) {
        await this.admin.query(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`);
        throw error;
      }
    }
    return urlOf(name);
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
