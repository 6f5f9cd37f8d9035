import { parseCanonicalEvent } from '../event-store/canonical-event.js';
import type { ProofBundle } from './proof-bundle.js';
import {
  checkSourceEvidence,
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

/** Who signed the request a fact came with, and when. */
const signerOf = (evidence: SourceSignatureEvidence) =>
  evidence.carmaker === DEVICE
    ? `signed by device ${evidence.keyId} of courier ${evidence.courierId ?? '(not stated)'}, created ${moment(evidence.created)}`
    : `from ${readKind(evidence)} signed by ${evidence.carmaker} key ${evidence.keyId}, created ${moment(evidence.created)}`;

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
  bundle.events.forEach((event, i) => {
    const record = parseCanonicalEvent(event.canonical);
    const fromCarmaker = String(record.metadata?.source).startsWith('oem:');
    if (!fromCarmaker && !DROP_RECEIPTS.has(record.type)) return;
    const stored = (record.data as { sourceSignature?: unknown } | null)?.sourceSignature;
    if (stored === undefined) {
      checked.push(
        fromCarmaker
          ? `${record.type} — unsigned (${record.metadata.source})`
          : `${record.type} — unsigned (no courier device signed it)`,
      );
      return;
    }
    const at = { globalPosition: event.globalPosition, eventId: record.eventId };
    if (!isEvidence(stored)) {
      failures.push({
        check: 'source',
        ...at,
        message: `${record.type}: its source signature is not evidence keytrail stores`,
      });
      return;
    }
    // The body is sealed in the event; the timeline shows it in clear to a reader who may see it.
    const shown = (bundle.timeline[i]?.data as { sourceSignature?: { body?: unknown } } | undefined)
      ?.sourceSignature?.body;
    const evidence = typeof shown === 'string' ? { ...stored, body: shown } : stored;
    const check = checkSourceEvidence(evidence, keys);
    if (check.status === 'failed') {
      failures.push({ check: 'source', ...at, message: `${record.type}: ${check.problem}` });
      return;
    }
    const signer = signerOf(stored);
    checked.push(
      check.status === 'verified'
        ? `${record.type} — ${signer} (${check.notes.join('; ')})`
        : `${record.type} — ${signer}: NOT CHECKED (${check.notes.join('; ')})`,
    );
  });
  return {
    ...report,
    ok: failures.length === 0,
    checked: failures.length === 0 ? checked : [],
    failures,
  };
}
