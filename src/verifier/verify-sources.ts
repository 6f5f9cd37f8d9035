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
    Array.isArray(e.components) &&
    e.components.every((c: unknown) => typeof (c as { value?: unknown })?.value === 'string')
  );
};

const moment = (iso: string) => `${iso.slice(11, 19)} UTC ${iso.slice(0, 10)}`;

/** What the carmaker's request was, told by the path it signed. */
const readKind = (evidence: SourceSignatureEvidence) =>
  evidence.components.find((c) => c.name === '@path')?.value.includes('/commands/')
    ? 'a command result'
    : 'a status read';

/**
 * A bundle's report with each carmaker fact's source told and checked: "LockConfirmed — from a status
 * read signed by volvo key K, created 14:01:38 UTC", or "unsigned". A signature is verified with the
 * key given for its carmaker and key id; one that does not verify fails the bundle. Only a bundle
 * whose events were proved is read (the evidence is in their hashed bytes).
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
    if (!String(record.metadata?.source).startsWith('oem:')) return;
    const stored = (record.data as { sourceSignature?: unknown } | null)?.sourceSignature;
    if (stored === undefined) {
      checked.push(`${record.type} — unsigned (${record.metadata.source})`);
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
    const signer = `${readKind(stored)} signed by ${stored.carmaker} key ${stored.keyId}, created ${moment(stored.created)}`;
    checked.push(
      check.status === 'verified'
        ? `${record.type} — from ${signer} (${check.notes.join('; ')})`
        : `${record.type} — from ${signer}: NOT CHECKED (${check.notes.join('; ')})`,
    );
  });
  return {
    ...report,
    ok: failures.length === 0,
    checked: failures.length === 0 ? checked : [],
    failures,
  };
}
