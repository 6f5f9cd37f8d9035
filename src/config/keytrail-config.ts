import { DEFAULT_TIME_RULES, type TimeRules } from '../domain/shared/time-rules.js';
import { type CasePolicy, DEFAULT_CASE_POLICY } from '../domain/case/case-policy.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { VENDORS, type Vendor } from '../domain/delivery/delivery.vocabulary.js';
import { parseWitnessKey } from '../verifier/cosignature.js';
import { SOURCE_ALGORITHMS } from '../verifier/http-signature.js';
import { parseSourcePublicKey, type SourcePublicKey } from '../verifier/source-key.js';

/** The longest a token may live (`exp − iat`), in seconds: people's, and services'. */
export interface TokenLifetimes {
  /** KEYTRAIL_JWT_MAX_TTL_S: customers, investigators, compliance, admins (default 8 h). */
  readonly personS: number;
  /** KEYTRAIL_JWT_SERVICE_MAX_TTL_S: the delivery service and carmakers' connectors (default 30 days). */
  readonly serviceS: number;
}

export interface AuthConfig {
  /** HS256 secrets, newest first; tokens signed with any of them verify (rotation). */
  readonly hmacSecrets: readonly string[];
  /** A JSON Web Key Set file for tokens an identity provider signs (EdDSA, ES256, RS256). */
  readonly jwksFile: string | null;
  readonly issuer: string;
  readonly audience: string;
  /** The longest a token may live (`exp − iat`); the defaults (8 h people, 30 days services) without it. */
  readonly maxLifetimes?: TokenLifetimes;
}

export interface KeytrailConfig {
  readonly port: number;
  readonly host: string;
  /** null: run on the embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | null;
  /** KEYTRAIL_READ_DATABASE_URL: a standby the query side reads the read models from; null: DATABASE_URL. */
  readonly readDatabaseUrl: string | null;
  /** `esdb://…`: the events live in EventStoreDB (databaseUrl keeps read models and checkpoints). */
  readonly eventStoreUrl: string | null;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly auth: AuthConfig;
  readonly bodyLimit: string;
  /** Past this, a route answers 503 REQUEST.TIMEOUT. */
  readonly answerTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** KEYTRAIL_TRUST_PROXY: proxies in front that append the caller to X-Forwarded-For (0: none). */
  readonly trustProxyHops: number;
  /** Refused calls a connector may make in a minute before it is answered 429 for a while. */
  readonly connectorRefusalsPerMinute: number;
  /** `inline`: the API process runs the projections and the watchdog; `off`: a projector worker does. */
  readonly projections: 'inline' | 'off';
  /** /health/ready fails once a projection has not moved for this long while events wait for it. */
  readonly projectionStallSeconds: number;
  /** Where drop photos are kept, encrypted (a directory; S3-compatible storage fits the same port). */
  readonly blobDir: string;
  readonly photoMaxBytes: number;
  /** How many distinct photos one delivery may hold (KEYTRAIL_PHOTOS_PER_DELIVERY). */
  readonly photosPerDelivery: number;
  /** Days after a delivery closes before its personal data is shredded; 0 keeps it. */
  readonly retentionDays: number;
  /** How often the retention job looks for deliveries past the period. */
  readonly retentionIntervalMs: number;
  /** KEYTRAIL_CASE_TTL_DAYS, KEYTRAIL_CASE_MAX_DELIVERIES: how long a case lives, how many deliveries it covers. */
  readonly casePolicy: CasePolicy;
  /** A new signed checkpoint after this long with new events, or after this many. */
  readonly checkpointEveryMs: number;
  readonly checkpointEveryEvents: number;
  /** KEYTRAIL_WITNESSES: who is sent each new checkpoint to cosign, and how many must; null: none. */
  readonly witnesses: WitnessesConfig | null;
  /** KEYTRAIL_SOURCE_KEYS: the carmakers' connector keys their webhooks are signed with. */
  readonly sourceKeys: SourceKeysConfig;
  /** KEYTRAIL_REQUIRE_DEVICE_SIGNATURES: a drop receipt without a courier device's signature is refused. */
  readonly requireDeviceSignatures: boolean;
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

/** One connector key of a carmaker: RFC 9421 signatures naming `keyId` verify with it in its period. */
export interface SourceKeyConfig extends SourcePublicKey {
  readonly keyId: string;
  readonly carmaker: Vendor;
  /** ISO 8601; null: no bound. A signature `created` outside the period is refused. */
  readonly notBefore: string | null;
  readonly notAfter: string | null;
}

export interface SourceKeysConfig {
  readonly keys: readonly SourceKeyConfig[];
  /** Carmakers whose webhooks are refused unsigned (401 SOURCE.SIGNATURE_REQUIRED). */
  readonly required: readonly Vendor[];
}

export const NO_SOURCE_KEYS: SourceKeysConfig = { keys: [], required: [] };

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

/** `true` or `false` (unset: false); anything else is a mistake worth stopping for. */
function booleanSetting(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigurationError(`${name} must be true or false, not "${raw}"`);
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

/** A standby of DATABASE_URL's server: the embedded ledger has none (PGlite has one session). */
function readDatabaseUrl(raw: string | undefined, databaseUrl: string | null): string | null {
  const value = raw?.trim() || null;
  if (value === null) return null;
  if (databaseUrl === null) {
    throw new ConfigurationError(
      'KEYTRAIL_READ_DATABASE_URL needs DATABASE_URL: the embedded ledger (no DATABASE_URL) has no standby to read from; unset it, or run on PostgreSQL',
    );
  }
  if (!/^postgres(ql)?:\/\//i.test(value)) {
    throw new ConfigurationError(
      'KEYTRAIL_READ_DATABASE_URL must be a postgres:// connection string (a standby of DATABASE_URL)',
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

const instant = (value: unknown, what: string, bad: (why: string) => Error): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    throw bad(`${what} must be an ISO 8601 time`);
  return new Date(value).toISOString();
};

/**
 * KEYTRAIL_SOURCE_KEYS: JSON, or the path of a JSON file, of the form
 * `{ "<carmaker>": { "required": bool, "keys": [{ "keyId", "algorithm", "publicKey", "notBefore"?, "notAfter"? }] } }`;
 * the public key a JWK, a PEM or base64 SPKI, of the algorithm named (`ed25519`, `ecdsa-p256-sha256`).
 */
export function sourceKeysSetting(raw: string | undefined): SourceKeysConfig {
  const value = raw?.trim();
  if (!value) return NO_SOURCE_KEYS;
  const bad = (why: string) => new ConfigurationError(`KEYTRAIL_SOURCE_KEYS: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.startsWith('{') ? value : readFileSync(value, 'utf8'));
  } catch (error) {
    throw bad(`not JSON, nor a readable JSON file (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad('must be an object of carmakers');
  const keys: SourceKeyConfig[] = [];
  const required: Vendor[] = [];
  for (const [carmaker, entry] of Object.entries(parsed)) {
    if (!VENDORS.includes(carmaker as Vendor))
      throw bad(`unknown carmaker "${carmaker}" (one of ${VENDORS.join(', ')})`);
    const { required: isRequired = false, keys: list = [] } = (entry ?? {}) as {
      required?: unknown;
      keys?: unknown;
    };
    if (typeof isRequired !== 'boolean') throw bad(`${carmaker}.required must be true or false`);
    if (!Array.isArray(list)) throw bad(`${carmaker}.keys must be a list`);
    if (isRequired && list.length === 0)
      throw bad(`${carmaker} requires signatures but has no key`);
    if (isRequired) required.push(carmaker as Vendor);
    list.forEach((key: Record<string, unknown>, i) => {
      const where = `${carmaker}.keys[${i}]`;
      if (typeof key?.keyId !== 'string' || key.keyId.length === 0)
        throw bad(`${where}.keyId must be a non-empty string`);
      if (keys.some((k) => k.keyId === key.keyId)) throw bad(`key id ${key.keyId} is listed twice`);
      if (!SOURCE_ALGORITHMS.includes(key.algorithm as never))
        throw bad(`${where}.algorithm must be one of ${SOURCE_ALGORITHMS.join(', ')}`);
      let publicKey: SourcePublicKey;
      try {
        publicKey = parseSourcePublicKey(key.publicKey);
      } catch (error) {
        throw bad(`${where}.publicKey: ${(error as Error).message}`);
      }
      if (publicKey.algorithm !== key.algorithm)
        throw bad(
          `${where}.publicKey is an ${publicKey.algorithm} key, not ${String(key.algorithm)}`,
        );
      const notBefore = instant(key.notBefore, `${where}.notBefore`, bad);
      const notAfter = instant(key.notAfter, `${where}.notAfter`, bad);
      if (notBefore && notAfter && notAfter <= notBefore)
        throw bad(`${where}.notAfter must be after its notBefore`);
      keys.push({
        keyId: key.keyId,
        carmaker: carmaker as Vendor,
        ...publicKey,
        notBefore,
        notAfter,
      });
    });
  }
  return { keys, required };
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
    readDatabaseUrl: readDatabaseUrl(env.KEYTRAIL_READ_DATABASE_URL, databaseUrl),
    eventStoreUrl: eventStoreUrl(env.EVENTSTORE_URL),
    databasePoolSize: databaseUrl ? integer(env, 'KEYTRAIL_DB_POOL_SIZE', 10, 2, 200) : 1,
    dataDir,
    auth: {
      hmacSecrets: secrets,
      jwksFile: env.KEYTRAIL_JWKS_FILE?.trim() || null,
      issuer: env.KEYTRAIL_JWT_ISSUER?.trim() || 'keytrail',
      audience: env.KEYTRAIL_JWT_AUDIENCE?.trim() || 'keytrail-api',
      maxLifetimes: {
        personS: integer(env, 'KEYTRAIL_JWT_MAX_TTL_S', 8 * 3600, 60, 30 * 86_400),
        serviceS: integer(env, 'KEYTRAIL_JWT_SERVICE_MAX_TTL_S', 30 * 86_400, 60, 365 * 86_400),
      },
    },
    bodyLimit: env.KEYTRAIL_BODY_LIMIT?.trim() || '256kb',
    answerTimeoutMs: integer(env, 'KEYTRAIL_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    pollIntervalMs: integer(env, 'KEYTRAIL_POLL_INTERVAL_MS', 250, 10, 60_000),
    trustProxyHops: integer(env, 'KEYTRAIL_TRUST_PROXY', 0, 0, 10),
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
    photosPerDelivery: integer(env, 'KEYTRAIL_PHOTOS_PER_DELIVERY', 10, 1, 1000),
    retentionDays: integer(env, 'KEYTRAIL_RETENTION_DAYS', 365, 0, 36_500),
    retentionIntervalMs: integer(
      env,
      'KEYTRAIL_RETENTION_INTERVAL_MS',
      3_600_000,
      1000,
      86_400_000,
    ),
    casePolicy: {
      ttlDays: integer(env, 'KEYTRAIL_CASE_TTL_DAYS', DEFAULT_CASE_POLICY.ttlDays, 1, 365),
      maxDeliveries: integer(
        env,
        'KEYTRAIL_CASE_MAX_DELIVERIES',
        DEFAULT_CASE_POLICY.maxDeliveries,
        1,
        500,
      ),
    },
    checkpointEveryMs: integer(env, 'KEYTRAIL_CHECKPOINT_EVERY_MS', 1000, 10, 3_600_000),
    checkpointEveryEvents: integer(env, 'KEYTRAIL_CHECKPOINT_EVERY_EVENTS', 1000, 1, 10_000_000),
    witnesses: witnessesSetting(
      env.KEYTRAIL_WITNESSES,
      integer(env, 'KEYTRAIL_WITNESS_TIMEOUT_MS', 5000, 100, 60_000),
    ),
    sourceKeys: sourceKeysSetting(env.KEYTRAIL_SOURCE_KEYS),
    requireDeviceSignatures: booleanSetting(env, 'KEYTRAIL_REQUIRE_DEVICE_SIGNATURES'),
    timeRules: {
      ...DEFAULT_TIME_RULES,
      maxFutureSkewS: integer(env, 'KEYTRAIL_MAX_FUTURE_SKEW_S', 120, 1, 86_400),
      maxStatusAgeS: integer(env, 'KEYTRAIL_MAX_STATUS_AGE_S', 300, 1, 86_400),
      photoLateDays: integer(env, 'KEYTRAIL_PHOTO_LATE_DAYS', 7, 0, 365),
      leftUnlockedS: integer(env, 'KEYTRAIL_LEFT_UNLOCKED_S', 300, 10, 86_400),
      maxVehiclePositionAgeS: integer(env, 'KEYTRAIL_VEHICLE_POSITION_MAX_AGE_S', 900, 1, 86_400),
    },
    production: env.NODE_ENV === 'production',
  };
}
