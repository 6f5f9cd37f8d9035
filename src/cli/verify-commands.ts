import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

import { type Command, InvalidArgumentError } from 'commander';

import type { VerificationReport } from '../verifier/verify-bundle.js';
import { verifyBundle } from '../verifier/verify-bundle.js';
import {
  verifyConsistencyResponse,
  type ConsistencyResponse,
} from '../verifier/verify-consistency.js';
import { ExportVerifier } from '../verifier/verify-export.js';
import { withCosignatures } from '../verifier/verify-witnessed.js';
import { parseWitnessKey } from '../verifier/cosignature.js';
import type { ProofBundle } from '../verifier/proof-bundle.js';
import type { TrustedSourceKey } from '../verifier/source-evidence.js';
import { parseSourcePublicKey } from '../verifier/source-key.js';
import { withSourceSignatures } from '../verifier/verify-sources.js';

/** Exit codes: 0 verified, 1 something failed (named), 2 the input could not be read. */
async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    process.stderr.write(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  }
}

export function printReport(report: VerificationReport, subject: string): void {
  if (report.ok) {
    process.stdout.write(`VERIFIED ${subject}\n`);
    for (const line of report.checked) process.stdout.write(`  ✓ ${line}\n`);
    return;
  }
  process.stdout.write(`FAILED ${subject}: ${report.failures.length} problem(s)\n`);
  for (const failure of report.failures) {
    const where =
      failure.globalPosition !== undefined
        ? ` [position ${failure.globalPosition}${failure.eventId ? `, event ${failure.eventId}` : ''}]`
        : '';
    process.stdout.write(`  ✗ ${failure.check}${where}: ${failure.message}\n`);
  }
  process.exitCode = 1;
}

/** `--source-key volvo:K=KEY` or `device:D=KEY`: KEY a file (PEM, JWK) or the key inline (base64 SPKI, JWK). */
function sourceKeyOption(value: string, previous: TrustedSourceKey[] = []): TrustedSourceKey[] {
  const match = /^([a-z]+):([^=]+)=([\s\S]+)$/.exec(value);
  if (!match)
    throw new InvalidArgumentError(
      '<carmaker>:<key id>=<public key or file>, or device:<device id>=…',
    );
  const [, carmaker, keyId, key] = match as unknown as [string, string, string, string];
  try {
    const text = existsSync(key) ? readFileSync(key, 'utf8') : key;
    return [...previous, { carmaker, keyId, ...parseSourcePublicKey(text) }];
  } catch (error) {
    throw new InvalidArgumentError(`${carmaker}:${keyId}: ${(error as Error).message}`);
  }
}

interface VerifyOptions {
  key: string;
  sourceKey?: TrustedSourceKey[];
  witness?: string[];
  quorum?: number;
  json?: boolean;
}

export function registerVerifyCommands(program: Command): void {
  program
    .command('verify')
    .argument(
      '<bundle>',
      'a proof bundle (GET /v1/deliveries/{id}/proof, or one delivery of an evidence bundle)',
    )
    .requiredOption('--key <verifier key>', "the log's published verifier key (name+keyid+key)")
    .option(
      '--witness <vkey>',
      "a witness's verifier key (type 0x04), repeated for each: its cosignature on the checkpoint counts",
      (vkey: string, previous: string[] = []) => {
        try {
          parseWitnessKey(vkey);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
        return [...previous, vkey];
      },
    )
    .option(
      '--quorum <k>',
      'how many of the --witness keys must have cosigned (default: all of them)',
      (v) => {
        if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a whole number');
        return Number(v);
      },
    )
    .option(
      '--source-key <carmaker:keyid=key>',
      "a carmaker connector's public key, or a courier device's as device:<deviceId>=… (a PEM or JWK file, or base64 SPKI), repeated for each: the facts it signed are verified",
      sourceKeyOption,
    )
    .option('--json', 'print the report as JSON')
    .description(
      'check a proof bundle offline: checkpoint signature, hash chain, inclusion proofs, timeline, each carmaker fact and drop receipt signed or unsigned (with --source-key checked), and with --witness the cosignatures',
    )
    .action(async (file: string, options: VerifyOptions, command: Command) => {
      const witnesses = options.witness ?? [];
      const quorum = options.quorum ?? witnesses.length;
      if (options.quorum !== undefined && witnesses.length === 0)
        command.error('error: --quorum needs the witnesses: --witness <vkey> …');
      if (quorum > new Set(witnesses).size)
        command.error(`error: a quorum of ${quorum} needs ${quorum} different --witness keys`);
      const parsed = await readJson(file);
      const bundles = (parsed as { deliveries?: ProofBundle[] }).deliveries ?? [
        parsed as ProofBundle,
      ];
      for (const bundle of bundles) {
        let report = withSourceSignatures(
          verifyBundle(bundle, options.key),
          bundle,
          options.sourceKey ?? [],
        );
        if (witnesses.length > 0)
          report = withCosignatures(report, String(bundle.checkpoint), witnesses, quorum);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report)}\n`);
          if (!report.ok) process.exitCode = 1;
        } else {
          printReport(report, `delivery ${report.deliveryId}`);
        }
      }
    });
}

export function registerVerifyExportCommand(program: Command): void {
  program
    .command('verify-export')
    .argument('<export>', 'a compliance export (GET /v1/exports/compliance), NDJSON')
    .requiredOption('--key <verifier key>', "the log's published verifier key (name+keyid+key)")
    .description(
      'check a compliance export offline: its bytes and count against the signed manifest, and the checkpoint',
    )
    .action(async (file: string, options: { key: string }) => {
      const verifier = new ExportVerifier(options.key);
      try {
        const lines = createInterface({
          input: createReadStream(file, 'utf8'),
          crlfDelay: Infinity,
        });
        for await (const line of lines) verifier.push(line);
      } catch (error) {
        process.stderr.write(
          `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(2);
      }
      const report = verifier.finish();
      if (report.ok) {
        process.stdout.write(`VERIFIED compliance export ${file}\n`);
        for (const line of report.checked) process.stdout.write(`  ✓ ${line}\n`);
        return;
      }
      process.stdout.write(`FAILED compliance export ${file}\n`);
      for (const failure of report.failures) process.stdout.write(`  ✗ ${failure}\n`);
      process.exitCode = 1;
    });
}

export function registerVerifyConsistencyCommand(program: Command): void {
  program
    .command('verify-consistency')
    .argument('<proof>', 'a consistency proof (GET /v1/checkpoints/consistency?from=&to=), JSON')
    .requiredOption('--key <verifier key>', "the log's published verifier key (name+keyid+key)")
    .description(
      'check offline that a newer signed checkpoint extends an older one (nothing checkpointed was rewritten)',
    )
    .action(async (file: string, options: { key: string }) => {
      const report = verifyConsistencyResponse(
        (await readJson(file)) as ConsistencyResponse,
        options.key,
      );
      process.stdout.write(`${report.ok ? 'VERIFIED' : 'FAILED'} consistency proof ${file}\n`);
      for (const line of report.checked) process.stdout.write(`  ✓ ${line}\n`);
      for (const failure of report.failures) process.stdout.write(`  ✗ ${failure}\n`);
      if (!report.ok) process.exitCode = 1;
    });
}
