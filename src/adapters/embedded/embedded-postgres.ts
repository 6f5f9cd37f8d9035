import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const lockedHere = new Set<string>();

/** PGlite does not lock its directory; two processes on one directory would corrupt it. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  if (lockedHere.has(dataDir)) throw new Error(`${dataDir} is already open in this process`);
  const lockFile = path.join(dataDir, 'keytrail.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      lockedHere.add(dataDir);
      return async () => {
        lockedHere.delete(dataDir);
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(lockFile, 'utf8').catch(() => '0'));
      if (owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `${dataDir} is in use by process ${owner}; stop it or set KEYTRAIL_DATA_DIR`,
          { cause: error },
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

/**
 * PostgreSQL compiled to WebAssembly, in this process, served on a loopback port so that the same
 * driver, migrations and SQL run as on a real server. One session serves every connection.
 * Without a data directory the database lives in memory (tests).
 */
export async function startEmbeddedPostgres(dataDir?: string): Promise<EmbeddedPostgres> {
  let unlock = (): Promise<void> => Promise.resolve();
  let storeDir: string | undefined;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    unlock = await lockDataDir(dataDir);
    storeDir = path.join(dataDir, 'pglite');
  }
  const db = await PGlite.create(storeDir);
  // pg-pool reconnects at once after a failed connection; a spare slot keeps that from being refused.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  return {
    url: `postgres://postgres:postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}
