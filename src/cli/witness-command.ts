import { type Command, InvalidArgumentError } from 'commander';

import { parseVerifierKey, type VerifierKey } from '../verifier/signed-note.js';
import { Witness } from '../witness/add-checkpoint.js';
import { createWitnessKey, loadWitnessKey } from '../witness/witness-key.js';
import { WitnessState } from '../witness/witness-state.js';
import { witnessServer } from '../witness/witness-server.js';

/** `ORIGIN=VKEY`, split at the first '=' (a vkey's base64 ends in one); repeated, keys add up. */
function collectLog(
  value: string,
  logs: Map<string, VerifierKey[]> = new Map(),
): Map<string, VerifierKey[]> {
  const split = value.indexOf('=');
  if (split <= 0) throw new InvalidArgumentError('give ORIGIN=VKEY');
  const origin = value.slice(0, split);
  let key: VerifierKey;
  try {
    key = parseVerifierKey(value.slice(split + 1));
  } catch (error) {
    throw new InvalidArgumentError(`${origin}: ${(error as Error).message}`);
  }
  const next = new Map(logs);
  next.set(origin, [...(logs.get(origin) ?? []), key]);
  return next;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('a TCP port, 0-65535');
  return port;
}

function parseName(value: string): string {
  if (!/^[^\s+]+$/u.test(value))
    throw new InvalidArgumentError('a key name has no spaces and no +');
  return value;
}

interface WitnessOptions {
  key?: string;
  state?: string;
  log?: Map<string, VerifierKey[]>;
  port?: number;
  host: string;
}

/** `keytrail witness`: a standalone C2SP tlog-witness, and `witness init` to make its key. */
export function registerWitnessCommand(
  program: Command,
  write: (text: string) => void = (text) => process.stdout.write(text),
): void {
  const witness = program
    .command('witness')
    .description(
      'run a standalone witness (C2SP tlog-witness): it cosigns checkpoints of the given logs that are consistent with what it saw before; no database needed',
    )
    // Checked in the action, not by commander: `witness init` must not need them.
    .option('--key <file>', 'the witness key file (keytrail witness init makes one)')
    .option('--state <dir>', 'where the latest cosigned checkpoint of each log is kept')
    .option(
      '--log <origin=vkey>',
      'a log to witness: its origin and its verifier key (repeat for more logs or keys)',
      collectLog,
    )
    .option('--port <port>', 'the TCP port to listen on', parsePort)
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .action(async (options: WitnessOptions, command: Command) => {
      const { key, state: stateDir, log: logs, port: wanted } = options;
      if (key === undefined || stateDir === undefined || logs === undefined || wanted === undefined)
        command.error('error: the witness needs --key, --state, at least one --log and --port');
      const identity = await loadWitnessKey(key);
      const state = await WitnessState.open(stateDir);
      const server = witnessServer(new Witness({ signer: identity.signer, logs, state }), (line) =>
        write(`${new Date().toISOString()} ${line}\n`),
      );
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(wanted, options.host, resolve);
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : wanted;
      write(`witness ${identity.verifierKey}\n`);
      write(`logs: ${[...logs.keys()].join(', ')}\n`);
      write(`listening on http://${options.host}:${port}/add-checkpoint\n`);
      const stop = () => {
        server.close(() => void state.close().then(() => process.exit(0)));
        server.closeAllConnections();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });

  witness
    .command('init')
    .description('make a witness key (Ed25519) and print its verifier key (vkey, type 0x04)')
    .requiredOption(
      '--name <name>',
      'the witness name, a schema-less URL (witness.example.com/w1)',
      parseName,
    )
    .requiredOption('--key-out <file>', 'where to write the key (mode 0600; never overwritten)')
    .action(async (options: { name: string; keyOut: string }) => {
      const identity = await createWitnessKey(options.name, options.keyOut);
      write(`${identity.verifierKey}\n`);
    });
}
