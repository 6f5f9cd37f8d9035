import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { mintToken } from '../../src/modules/auth/token-issuer.js';
import { TEST_AUTH } from '../support/test-app.js';

/** The API as `npm start` runs it (dist/src/main.js), in a process of its own, to kill and restart. */
export interface ServerProcess {
  readonly base: string;
  readonly output: string[];
  readonly pid: number;
  /** Sends the signal and resolves with the exit code (null when killed by the signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

export const CHAOS_SECRET = 'chaos-test-secret-that-is-long-enough-for-hs256';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const chaosDataDir = () => mkdtempSync(path.join(tmpdir(), 'keytrail-chaos-'));

/** Starts the server and waits until /health answers; the same port and data directory each time. */
export async function startServer(options: {
  databaseUrl: string;
  port: number;
  dataDir: string;
  /** More of the process's environment (KEYTRAIL_PROJECTIONS=off for a second API process). */
  env?: Record<string, string>;
  /** The projector worker (`npm run projector`) instead of the API: started, not waited for. */
  projector?: boolean;
}): Promise<ServerProcess> {
  // KEYTRAIL_SERVER_NODE_ARGS: extra Node flags for the server (a bench passes --cpu-prof).
  const nodeArgs = (process.env.KEYTRAIL_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...nodeArgs,
      path.resolve(options.projector ? 'dist/projections/worker.js' : 'dist/src/main.js'),
    ],
    {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        DATABASE_URL: options.databaseUrl,
        PORT: String(options.port),
        HOST: '127.0.0.1',
        KEYTRAIL_DATA_DIR: options.dataDir,
        KEYTRAIL_BLOB_DIR: path.join(options.dataDir, 'blobs'),
        KEYTRAIL_JWT_SECRET: CHAOS_SECRET,
        KEYTRAIL_DB_POOL_SIZE: process.env.KEYTRAIL_DB_POOL_SIZE ?? '6',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return supervised(child, {
    base: `http://127.0.0.1:${options.port}`,
    name: options.projector ? 'the projector' : 'the server',
    // The projector has no routes: it says when it runs. The API is up once /health answers at all
    // (503 while a projection catches up).
    ready: options.projector
      ? (output) => Promise.resolve(output.includes('projector running'))
      : (_, base) => healthAnswers(base, (status) => status === 200 || status === 503),
  });
}

/** Whether `base`/health answers with a status `accepted` takes; false while nothing listens. */
export async function healthAnswers(
  base: string,
  accepted: (status: number) => boolean,
): Promise<boolean> {
  try {
    return accepted((await fetch(`${base}/health`)).status);
  } catch {
    return false; // not listening yet
  }
}

/**
 * A spawned server, its output kept: resolves once `ready` says so (checked every 100 ms, for up to
 * 30 s), fails at once if it exits first; `stop` sends a signal and answers its exit code.
 */
export async function supervised(
  child: ChildProcess,
  options: {
    readonly base: string;
    readonly name: string;
    readonly ready: (output: string, base: string) => Promise<boolean>;
  },
): Promise<ServerProcess> {
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${options.name} exited: ${output.join('').slice(-2000)}`);
    if (await options.ready(output.join(''), options.base)) break;
    if (Date.now() > deadline)
      throw new Error(`${options.name} did not start: ${output.join('').slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base: options.base,
    output,
    pid: child.pid!,
    stop: async (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}

/** A token for the server process, signed with its secret; a connector's is bound to `vendor`. */
export const serverToken = (
  sub: string,
  role: Parameters<typeof mintToken>[1]['role'],
  vendor?: Parameters<typeof mintToken>[1]['vendor'],
) =>
  mintToken(
    { ...TEST_AUTH, hmacSecrets: [CHAOS_SECRET] },
    { sub, role, ...(vendor !== undefined ? { vendor } : {}) },
  );

/** The body of POST /v1/deliveries: a Volvo delivery into the trunk, window an hour either side of now. */
export const scheduleDeliveryBody = (deliveryId: string) => ({
  deliveryId,
  orderId: `o-${deliveryId}`,
  customerId: `cust-${deliveryId}`,
  vehicleId: `v-${deliveryId}`,
  vendor: 'volvo',
  window: {
    from: new Date(Date.now() - 3_600_000).toISOString(),
    to: new Date(Date.now() + 3_600_000).toISOString(),
  },
  target: 'trunk',
});

/** The body of POST …/grants: courier c-1, single use, the trunk, an hour from a minute ago, 50 m around the car. */
export const grantBody = (deliveryId: string, now = Date.now()) => ({
  grantId: 'g-1',
  courierId: 'c-1',
  notBefore: new Date(now - 60_000).toISOString(),
  notAfter: new Date(now + 3_600_000).toISOString(),
  geofence: { center: { lat: 59.3293, lon: 18.0686 }, radiusM: 50 },
  scope: 'trunk',
  singleUse: true,
  nonce: `gn-${deliveryId}`,
});
