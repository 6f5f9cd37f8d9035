import { parseCanonicalEvent } from '../event-store/canonical-event.js';
import type { ProofBundle } from './proof-bundle.js';
import {
  checkSourceEvidence,
  type SourceCheck,
  type SourceSignatureEvidence,
  type TrustedSourceKey,
} from './source-evidence.js';
import type { VerificationReport } from './verify-bundle.js';

/** A bundle read from a file is whatever the file holds: the evidence's shape is checked first. */
const isEvidence = (value: unknown): value is SourceSignatureEvidence => {
  const e = value as Partial<SourceSignatureEvidence> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    ['carmaker', 'keyId', 'created', 'signatureInput', 'signature'].every(
      (field) => typeof e[field as keyof SourceSignatureEvidence] === 'string',
    ) &&
    (e.courierId === undefined || typeof e.courierId === 'string') &&
    Array.isArray(e.components) &&
    e.components.every((c: unknown) => typeof (c as { value?: unknown })?.value === 'string')
  );
};

/** The signer a courier device's evidence names; its key id is the deviceId. */
const DEVICE = 'device';
/** The facts a courier's device may sign: the drop receipt. */
const DROP_RECEIPTS = new Set(['PackagePlaced']);

const moment = (iso: string) => `${iso.slice(11, 19)} UTC ${iso.slice(0, 10)}`;

/** What the carmaker's request was, told by the path it signed. */
const readKind = (evidence: SourceSignatureEvidence) =>
  evidence.components.find((c) => c.name === '@path')?.value.includes('/commands/')
    ? 'a command result'
    : 'a status read';

/** Who signed one fact of a bundle, as checked offline. */
export interface FactSource {
  readonly eventId: string;
  readonly type: string;
  readonly globalPosition: number;
  /** Where the fact came from (`oem:volvo`, `delivery-service`…), from its hashed metadata. */
  readonly source: string;
  /**
   * `unsigned`: nothing signed it where it came from. `signed`: the stored evidence, and its check
   * with the keys given. `malformed`: the event holds a source signature that is not evidence.
   */
  readonly signature:
    | { readonly status: 'unsigned' }
    | { readonly status: 'malformed'; readonly problem: string }
    | {
        readonly status: 'signed';
        readonly carmaker: string;
        readonly keyId: string;
        readonly created: string;
        /** "a status read" or "a command result", told by the path it signed. */
        readonly kind: string;
        /** For a courier device's signature: the courier its registration names. */
        readonly courierId: string | null;
        readonly check: SourceCheck;
      };
}

/**
 * Each fact of a bundle with its signer checked: a carmaker's signature is verified with the key
 * given for its carmaker and key id (none given: `unchecked`). Read only from a bundle whose events
 * were proved (the evidence is in their hashed bytes): the caller verifies the bundle first.
 */
export function factSources(
  bundle: ProofBundle,
  keys: readonly TrustedSourceKey[],
): readonly FactSource[] {
  return bundle.events.map((event, i): FactSource => {
    const record = parseCanonicalEvent(event.canonical);
    const fact = {
      eventId: record.eventId,
      type: record.type,
      globalPosition: event.globalPosition,
      source: String(record.metadata?.source),
    };
    const stored = (record.data as { sourceSignature?: unknown } | null)?.sourceSignature;
    if (stored === undefined) return { ...fact, signature: { status: 'unsigned' } };
    if (!isEvidence(stored))
      return {
        ...fact,
        signature: {
          status: 'malformed',
          problem: `${record.type}: its source signature is not evidence keytrail stores`,
        },
      };
    // The body is sealed in the event; the timeline shows it in clear to a reader who may see it.
    const shown = (bundle.timeline[i]?.data as { sourceSignature?: { body?: unknown } } | undefined)
      ?.sourceSignature?.body;
    const evidence = typeof shown === 'string' ? { ...stored, body: shown } : stored;
    return {
      ...fact,
      signature: {
        status: 'signed',
        carmaker: stored.carmaker,
        keyId: stored.keyId,
        created: stored.created,
        kind: readKind(stored),
        courierId: stored.courierId ?? null,
        check: checkSourceEvidence(evidence, keys),
      },
    };
  });
}

/**
 * A bundle's report with the source of each carmaker fact and drop receipt told and checked:
 * "LockConfirmed — from a status read signed by volvo key K, created 14:01:38 UTC", "PackagePlaced —
 * signed by device D of courier C, created …", or "unsigned". A signature is verified with the key
 * given for its signer and key id (`--source-key volvo:K=…`, `--source-key device:D=…`); one that does
 * not verify fails the bundle. Only a bundle whose events were proved is read (the evidence is in
 * their hashed bytes).
 */
export function withSourceSignatures(
  report: VerificationReport,
  bundle: ProofBundle,
  keys: readonly TrustedSourceKey[],
): VerificationReport {
  if (!report.ok) return report;
  const checked = [...report.checked];
  const failures = [...report.failures];
  for (const fact of factSources(bundle, keys)) {
    const fromCarmaker = fact.source.startsWith('oem:');
    if (!fromCarmaker && !DROP_RECEIPTS.has(fact.type)) continue;
    const { signature } = fact;
    if (signature.status === 'unsigned') {
      checked.push(
        fromCarmaker
          ? `${fact.type} — unsigned (${fact.source})`
          : `${fact.type} — unsigned (no courier device signed it)`,
      );
      continue;
    }
    const at = { globalPosition: fact.globalPosition, eventId: fact.eventId };
    if (signature.status === 'malformed') {
      failures.push({ check: 'source', ...at, message: signature.problem });
      continue;
    }
    const { check } = signature;
    if (check.status === 'failed') {
      failures.push({ check: 'source', ...at, message: `${fact.type}: ${check.problem}` });
      continue;
    }
    const signer =
      signature.carmaker === DEVICE
        ? `signed by device ${signature.keyId} of courier ${signature.courierId ?? '(not stated)'}, created ${moment(signature.created)}`
        : `from ${signature.kind} signed by ${signature.carmaker} key ${signature.keyId}, created ${moment(signature.created)}`;
    checked.push(
      check.status === 'verified'
        ? `${fact.type} — ${signer} (${check.notes.join('; ')})`
        : `${fact.type} — ${signer}: NOT CHECKED (${check.notes.join('; ')})`,
    );
  }
  return {
    ...report,
    ok: failures.length === 0,
    checked: failures.length === 0 ? checked : [],
    failures,
  };
}
