import { spawn } from 'node:child_process';
import path from 'node:path';

import type { ServerProcess } from '../../test/chaos/server-process.js';

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
  const output: string[] = [];
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
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const base = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${options.script} exited: ${output.join('').slice(-2000)}`);
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${options.script} did not start: ${output.join('').slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    output,
    pid: child.pid!,
    stop: async (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}
