import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

/** The CLI as installed (`npm run build:server` makes dist/, as `npm test` does before jest). */
export const CLI = path.resolve('dist/src/cli/main.js');

/** `keytrail …` run to its end: its exit code and output. */
export const keytrail = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });

/**
 * The same, without blocking this process: its event loop goes on, so the HTTP connections it keeps
 * alive see the server close them instead of being reused after (a long `verify` outlives keep-alive).
 */
export const keytrailAsync = (
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

export interface WitnessProcess {
  readonly output: string[];
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** `keytrail witness …` in a process of its own; resolves once it listens. */
export async function startWitness(args: string[]): Promise<WitnessProcess> {
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [CLI, 'witness', ...args], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  while (!output.join('').includes('listening on')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the witness did not start: ${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    output,
    stop: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}
