import { createReadStream } from 'node:fs';
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

interface VerifyOptions {
  key: string;
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
    .option('--json', 'print the report as JSON')
    .description(
      'check a proof bundle offline: checkpoint signature, hash chain, inclusion proofs, timeline, and with --witness the cosignatures',
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
        let report = verifyBundle(bundle, options.key);
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
