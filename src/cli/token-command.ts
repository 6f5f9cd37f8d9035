import { type Command, InvalidArgumentError, Option } from 'commander';

import { resolveAuthConfig } from '../config/dev-signing-secret.js';
import { loadConfig } from '../config/keytrail-config.js';
import { VENDORS, type Vendor } from '../domain/delivery/delivery.vocabulary.js';
import { ROLES } from '../domain/shared/actor.js';
import { maxTokenLifetimeS, mintToken } from '../modules/auth/token-issuer.js';
import { LEDGER_ID } from '../modules/delivery/dto/validation.js';

const DURATION = /^(\d+)(s|m|h|d)$/;
const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

function parseDuration(value: string): number {
  const match = DURATION.exec(value);
  if (!match) throw new InvalidArgumentError('use a number with s, m, h or d, e.g. 8h');
  return Number(match[1]) * SECONDS[match[2] as keyof typeof SECONDS];
}

function parseSubject(value: string): string {
  if (!LEDGER_ID.test(value)) throw new InvalidArgumentError('letters, digits and . _ : - only');
  return value;
}

interface TokenOptions {
  role: (typeof ROLES)[number];
  sub: string;
  vendor?: Vendor;
  ttl?: number;
}

/** `keytrail token`: a development bearer token; a connector's is bound to its carmaker. */
export function registerTokenCommand(
  program: Command,
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text),
): void {
  program
    .command('token')
    .description('mint a development bearer token, signed with the configured HS256 secret')
    .addOption(new Option('--role <role>', 'the caller role').choices(ROLES).makeOptionMandatory())
    .requiredOption('--sub <id>', 'the caller id (a customer token: the customerId)', parseSubject)
    .addOption(
      new Option('--vendor <vendor>', 'the carmaker an oem-connector is bound to').choices(VENDORS),
    )
    .option(
      '--ttl <duration>',
      "how long it stays valid (default 8h, or the role's maximum if shorter; KEYTRAIL_JWT_MAX_TTL_S, KEYTRAIL_JWT_SERVICE_MAX_TTL_S)",
      parseDuration,
    )
    .action(async (options: TokenOptions, command: Command) => {
      if (options.role === 'oem-connector' && options.vendor === undefined)
        command.error('error: an oem-connector token needs --vendor (volvo, gm or tesla)');
      if (options.role !== 'oem-connector' && options.vendor !== undefined)
        command.error(`error: --vendor is only for --role oem-connector, not ${options.role}`);
      const auth = await resolveAuthConfig(loadConfig(env));
      const maxS = maxTokenLifetimeS(auth, options.role);
      if (options.ttl !== undefined && options.ttl > maxS)
        command.error(
          `error: a ${options.role} token may live at most ${maxS} s; --ttl ${options.ttl} s is longer`,
        );
      const token = await mintToken(auth, {
        sub: options.sub,
        role: options.role,
        ...(options.vendor !== undefined ? { vendor: options.vendor } : {}),
        ...(options.ttl !== undefined ? { ttlSeconds: options.ttl } : {}),
      });
      write(`${token}\n`);
    });
}
