import { DEFAULT_TIME_RULES, type TimeRules } from '../domain/shared/time-rules.js';
import path from 'node:path';

import { parseWitnessKey } from '../verifier/cosignature.js';

export interface AuthConfig {
  /** HS256 secrets, newest first; tokens signed with any of them verify (rotation). */
  readonly hmacSecrets: readonly string[];
  /** A JSON Web Key Set file for tokens an identity provider signs (EdDSA, ES256, RS256). */
  readonly jwksFile: string | null;
  readonly issuer: string;
  readonly audience: string;
}

export interface KeytrailConfig {
  readonly port: number;
  readonly host: string;
  /** null: run on the embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | null;
  /** `esdb://…`: the events live in EventStoreDB (databaseUrl keeps read models and checkpoints). */
  readonly eventStoreUrl: string | null;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly auth: AuthConfig;
  readonly bodyLimit: string;
  /** Past this, a route answers 503 REQUEST.TIMEOUT. */
  readonly answerTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** Refused calls a connector may make in a minute before it is answered 429 for a while. */
  readonly connectorRefusalsPerMinute: number;
  /** `inline`: the API process runs the projections and the watchdog; `off`: a projector worker does. */
  readonly projections: 'inline' | 'off';
  /** /health/ready fails once a projection has not moved for this long while events wait for it. */
  readonly projectionStallSeconds: number;
  /** Where drop photos are kept, encrypted (a directory; S3-compatible storage fits the same port). */
  readonly blobDir: string;
  readonly photoMaxBytes: number;
  /** Days after a delivery closes before its personal data is shredded; 0 keeps it. */
  readonly retentionDays: number;
  /** How often the retention job looks for deliveries past the period. */
  readonly retentionIntervalMs: number;
  /** A new signed checkpoint after this long with new events, or after this many. */
  readonly checkpointEveryMs: number;
  readonly checkpointEveryEvents: number;
  /** KEYTRAIL_WITNESSES: who is sent each new checkpoint to cosign, and how many must; null: none. */
  readonly witnesses: WitnessesConfig | null;
  /** How far the clocks of cars, carmakers' clouds and couriers' apps are trusted. */
  readonly timeRules: TimeRules;
  readonly production: boolean;
}

/** One witness: its name (the vkey's), where it serves `add-checkpoint`, its cosignature/v1 vkey. */
export interface WitnessConfig {
  readonly name: string;
  readonly url: string;
  readonly verifierKey: string;
}

export interface WitnessesConfig {
  readonly witnesses: readonly WitnessConfig[];
  /** How many of them a checkpoint should carry the cosignatures of (proof bundles wait for it). */
  readonly quorum: number;
  /** A witness that has not answered by then counts as down for that checkpoint. */
  readonly timeoutMs: number;
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(
      `${name} must be a whole number from ${min} to ${max}, not "${raw}"`,
    );
  }
  return value;
}

const MIN_SECRET_LENGTH = 32;

function eventStoreUrl(raw: string | undefined): string | null {
  const value = raw?.trim() || null;
  if (value !== null && !/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(value)) {
    throw new ConfigurationError(
      'EVENTSTORE_URL must be an esdb:// (or esdb+discover://) connection string',
    );
  }
  return value;
}

function projectionsMode(raw: string | undefined): 'inline' | 'off' {
  const value = raw?.trim() || 'inline';
  if (value !== 'inline' && value !== 'off') {
    throw new ConfigurationError(`KEYTRAIL_PROJECTIONS must be inline or off, not "${value}"`);
  }
  return value;
}

/** `<vkey>=<url>`: the vkey's key part is fixed-length base64 (0x04 || 32 bytes), so `=` splits it. */
const WITNESS_ENTRY = /^(\S+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44})=(\S+)$/;

/**
 * KEYTRAIL_WITNESSES: whitespace-separated `<vkey>=<url>` entries (the vkey a witness printed with
 * `keytrail witness init`, the URL it serves `/add-checkpoint` under) and `quorum=K` (default: all).
 */
export function witnessesSetting(
  raw: string | undefined,
  timeoutMs: number,
): WitnessesConfig | null {
  const tokens = (raw ?? '').split(/\s+/).filter((token) => token.length > 0);
  if (tokens.length === 0) return null;
  const bad = (why: string) =>
    new ConfigurationError(
      `KEYTRAIL_WITNESSES: ${why} (it is "<witness vkey>=<url> … quorum=<k>")`,
    );
  let quorum: number | null = null;
  const witnesses: WitnessConfig[] = [];
  for (const token of tokens) {
    const wanted = /^quorum=(.*)$/.exec(token)?.[1];
    if (wanted !== undefined) {
      if (quorum !== null) throw bad('quorum is given twice');
      if (!/^[0-9]{1,3}$/.test(wanted)) throw bad(`quorum must be a whole number, not "${wanted}"`);
      quorum = Number(wanted);
      continue;
    }
    const match = WITNESS_ENTRY.exec(token);
    if (!match) throw bad(`"${token.slice(0, 80)}" is not <witness vkey>=<url>`);
    const [, verifierKey, url] = match as unknown as [string, string, string];
    let name: string;
    try {
      name = parseWitnessKey(verifierKey).name;
    } catch (error) {
      throw bad(`${verifierKey.slice(0, 80)}: ${(error as Error).message}`);
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw bad(`${url.slice(0, 80)} is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw bad(`${url.slice(0, 80)} is not an http(s) URL`);
    if (witnesses.some((w) => w.name === name)) throw bad(`witness ${name} is listed twice`);
    witnesses.push({ name, url: url.replace(/\/+$/, ''), verifierKey });
  }
  if (witnesses.length === 0) throw bad('quorum without any witness');
  const k = quorum ?? witnesses.length;
  if (k < 1 || k > witnesses.length)
    throw bad(`quorum ${k} must be from 1 to the ${witnesses.length} witnesses listed`);
  return { witnesses, quorum: k, timeoutMs };
}

/** Reads the environment once at start-up; anything wrong stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): KeytrailConfig {
  const secrets = (env.KEYTRAIL_JWT_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const short = secrets.find((s) => s.length < MIN_SECRET_LENGTH);
  if (short !== undefined) {
    throw new ConfigurationError(
      `KEYTRAIL_JWT_SECRET values need at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const dataDir = path.resolve(env.KEYTRAIL_DATA_DIR?.trim() || './data');
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    eventStoreUrl: eventStoreUrl(env.EVENTSTORE_URL),
    databasePoolSize: databaseUrl ? integer(env, 'KEYTRAIL_DB_POOL_SIZE', 10, 2, 200) : 1,
    dataDir,
    auth: {
      hmacSecrets: secrets,
      jwksFile: env.KEYTRAIL_JWKS_FILE?.trim() || null,
      issuer: env.KEYTRAIL_JWT_ISSUER?.trim() || 'keytrail',
      audience: env.KEYTRAIL_JWT_AUDIENCE?.trim() || 'keytrail-api',
    },
    bodyLimit: env.KEYTRAIL_BODY_LIMIT?.trim() || '256kb',
    answerTimeoutMs: integer(env, 'KEYTRAIL_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    pollIntervalMs: integer(env, 'KEYTRAIL_POLL_INTERVAL_MS', 250, 10, 60_000),
    connectorRefusalsPerMinute: integer(
      env,
      'KEYTRAIL_CONNECTOR_REFUSALS_PER_MIN',
      30,
      1,
      1_000_000,
    ),
    projections: projectionsMode(env.KEYTRAIL_PROJECTIONS),
    // At least 30 s: a caught-up runner marks its checkpoint current every 10 s.
    projectionStallSeconds: integer(env, 'KEYTRAIL_PROJECTION_STALL_S', 120, 30, 86_400),
    blobDir: path.resolve(env.KEYTRAIL_BLOB_DIR?.trim() || path.join(dataDir, 'blobs')),
    photoMaxBytes: integer(
      env,
      'KEYTRAIL_PHOTO_MAX_BYTES',
      10 * 1024 * 1024,
      1024,
      100 * 1024 * 1024,
    ),
    retentionDays: integer(env, 'KEYTRAIL_RETENTION_DAYS', 365, 0, 36_500),
    retentionIntervalMs: integer(
      env,
      'KEYTRAIL_RETENTION_INTERVAL_MS',
      3_600_000,
      1000,
      86_400_000,
    ),
    checkpointEveryMs: integer(env, 'KEYTRAIL_CHECKPOINT_EVERY_MS', 1000, 10, 3_600_000),
    checkpointEveryEvents: integer(env, 'KEYTRAIL_CHECKPOINT_EVERY_EVENTS', 1000, 1, 10_000_000),
    witnesses: witnessesSetting(
      env.KEYTRAIL_WITNESSES,
      integer(env, 'KEYTRAIL_WITNESS_TIMEOUT_MS', 5000, 100, 60_000),
    ),
    timeRules: {
      ...DEFAULT_TIME_RULES,
      maxFutureSkewS: integer(env, 'KEYTRAIL_MAX_FUTURE_SKEW_S', 120, 1, 86_400),
      maxStatusAgeS: integer(env, 'KEYTRAIL_MAX_STATUS_AGE_S', 300, 1, 86_400),
    },
    production: env.NODE_ENV === 'production',
  };
}
