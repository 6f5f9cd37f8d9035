import { type Command, InvalidArgumentError } from 'commander';

import { resolveAuthConfig } from '../config/dev-signing-secret.js';
import { loadConfig } from '../config/keytrail-config.js';
import { type DemoReport, fillDemoLedger } from '../demo/demo-ledger.js';
import { fillEmbeddedDemo, refuseServerLedger } from './embedded-demo.js';
import type { Situation } from '../demo/demo-plan.js';

const SITUATION_LABELS: Readonly<Record<Situation, string>> = {
  geofence_denied: 'unlock denied outside the geofence',
  nonce_replayed: 'replayed nonce',
  ambiguous_result: 'ambiguous carmaker result (Volvo CAR_TIMEOUT)',
  stale_lock_read: 'stale lock read (a cached doors status)',
  late_lock_confirmation: 'lock confirmation came late (Tesla)',
  case_with_reveal: 'open case with a reveal',
  erased_customer: 'erased customer',
};

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number, 1 or more');
  return n;
}

/** What to open, and with which token: the console's and the proof page's links. */
export function describeDemo(report: DemoReport): string {
  const { url, situations, tokens, proofCustomer } = report;
  const vendors = ['volvo', 'gm', 'tesla']
    .map((v) => `${report.deliveries.filter((d) => d.vendor === v).length} ${v}`)
    .join(', ');
  const lines = [
    `keytrail demo ${report.run}: ${report.deliveries.length} deliveries (${vendors}) in ${report.filledInS.toFixed(1)} s, ${report.calls} API calls, on ${url}`,
    '',
    'Sign in by pasting the token on the page (it stays in the tab, never in a URL).',
    '',
    `Investigator console  ${url}/console/`,
    `  token (inv-ana)     ${tokens.investigator}`,
    `  anomalies           ${url}/console/#/anomalies`,
    ...Object.entries(situations).map(
      ([situation, d]) =>
        `  ${SITUATION_LABELS[situation as Situation].padEnd(46)} ${url}/console/#/deliveries/${d.deliveryId}`,
    ),
    `  case ${report.caseId} is open over ${situations.case_with_reveal.deliveryId}; under it, with the investigator's token:`,
    `    ${url}/v1/deliveries/${situations.case_with_reveal.deliveryId}/timeline?caseId=${report.caseId}`,
    '',
    `Customer's proof page ${url}/proof/#/deliveries/${proofCustomer.deliveryId}`,
    `  token (${proofCustomer.customerId})  ${tokens.customer}`,
    '  their delivery, its verified proof, and the investigator who viewed their data under the case',
    '',
  ];
  return lines.join('\n');
}

/** `keytrail demo`: fills the running ledger, or the embedded one with a week of history. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'fill the running ledger through its HTTP API with demo deliveries over Volvo, GM and Tesla (one of each situation an investigator looks for), then print tokens and links for the console and the proof page; with --embedded, fill a fresh embedded ledger (no server running on it) with a week of history instead',
    )
    .option('--url <url>', 'the running ledger (npm start)', 'http://127.0.0.1:3000')
    .option('--count <n>', 'deliveries to create', positiveInteger, 200)
    .option('--concurrency <n>', 'deliveries driven at once', positiveInteger, 12)
    .option(
      '--embedded',
      'fill the embedded ledger in the data directory in this process, its deliveries spread over the last week (the directory must be fresh and no server running on it); then npm start serves it',
    )
    .option('--data-dir <dir>', 'with --embedded: the data directory (KEYTRAIL_DATA_DIR, ./data)')
    .option(
      '--wave <n>',
      'with --embedded: deliveries told at one moment of the week',
      positiveInteger,
      4,
    )
    .action(
      async (options: {
        url: string;
        count: number;
        concurrency: number;
        embedded?: boolean;
        dataDir?: string;
        wave: number;
      }) => {
        if (options.embedded) {
          await embeddedDemo(options);
          return;
        }
        const auth = await resolveAuthConfig(loadConfig());
        const started = Date.now();
        await fillDemoLedger({
          url: options.url,
          auth,
          count: options.count,
          concurrency: options.concurrency,
          onFilled: (report) => {
            process.stdout.write(describeDemo(report));
            process.stdout.write(
              `\nOne step is still to come: ${report.situations.late_lock_confirmation.deliveryId}'s lock confirmation arrives after the ledger's watchdog has recorded it overdue, 120 s after its trunk closed (about 2 minutes; everything above is ready now, and Ctrl-C leaves that car unconfirmed) …\n`,
            );
          },
        });
        process.stdout.write(
          `late lock confirmation recorded; the demo took ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
        );
      },
    );
}

async function embeddedDemo(options: { count: number; dataDir?: string; wave: number }) {
  const config = loadConfig(
    options.dataDir ? { ...process.env, KEYTRAIL_DATA_DIR: options.dataDir } : process.env,
  );
  refuseServerLedger(config);
  process.stdout.write(
    `filling the embedded ledger in ${config.dataDir} with ${options.count} deliveries over the last week …\n`,
  );
  const report = await fillEmbeddedDemo({ config, count: options.count, waveSize: options.wave });
  // The links are where `npm start` will serve this ledger.
  const served = `http://${config.host}:${config.port}`;
  process.stdout.write(describeDemo({ ...report, url: served }));
  process.stdout.write(
    `\nThe ledger's history runs over the last week, up to a quarter of an hour ago. Serve it with${options.dataDir ? ` KEYTRAIL_DATA_DIR=${options.dataDir}` : ''} npm start, then open the links above.\n`,
  );
}
