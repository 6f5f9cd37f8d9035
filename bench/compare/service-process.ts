import { spawn } from 'node:child_process';
import path from 'node:path';

import { healthAnswers, type ServerProcess, supervised } from '../../test/chaos/server-process.js';

/** The comparison services, as compiled next to this file (dist/bench/compare/). */
export const COMPARISON_SERVICES = [
  { name: 'Express 5.3 + Emmett 0.42', script: 'express-emmett-service.js' },
  { name: 'bare node:http + pg', script: 'bare-http-service.js' },
] as const;

/** Starts a comparison service in a process of its own and waits until its /health answers. */
export async function startComparisonService(options: {
  readonly script: string;
  readonly databaseUrl: string;
  readonly port: number;
  readonly poolSize: number;
}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, options.script)], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
      POOL_SIZE: String(options.poolSize),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return supervised(child, {
    base: `http://127.0.0.1:${options.port}`,
    name: options.script,
    ready: (_, base) => healthAnswers(base, (status) => status === 200),
  });
}
