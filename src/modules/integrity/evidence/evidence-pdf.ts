import PDFDocument from 'pdfkit';

import { parseCheckpoint } from '../../../verifier/checkpoint.js';
import { toHex } from '../../../verifier/bytes.js';
import type { BundleTimelineEntry, ProofBundle } from '../../../verifier/proof-bundle.js';
import type { EvidenceDocument } from './evidence-document.js';

/** The kinds a reviewer reads a delivery by. */
const KINDS: readonly [string, readonly string[]][] = [
  [
    'Delivery',
    [
      'DeliveryScheduled',
      'VehicleLocationDeclared',
      'CourierApproaching',
      'InCarDeliveryBlocked',
      'InCarDeliveryAllowed',
      'DeliveryCompleted',
      'DeliveryFailed',
      'CommandRefused',
    ],
  ],
  [
    'Access',
    [
      'AccessGranted',
      'AccessRevoked',
      'GrantExpired',
      'UnlockRequested',
      'UnlockDenied',
      'UnlockCommandResult',
    ],
  ],
  [
    'Vehicle',
    [
      'ClosureOpened',
      'ClosureClosed',
      'LockRequested',
      'LockCommandResult',
      'VehicleStatusReported',
      'VehiclePositionReported',
      'LockConfirmed',
      'LockConfirmationOverdue',
      'CarRelocked',
      'CarLeftUnlocked',
    ],
  ],
  ['Package', ['PackagePlaced']],
];

/** A lock confirmation is observed in a status read of the car, or only acknowledged by the carmaker (GM). */
const LOCK_EVIDENCE_WORDS = {
  status_observed: 'observed: a status read of the car, stamped after the lock command',
  command_acknowledged:
    'acknowledged: the carmaker reported its lock command done (it offers no status read of the car)',
} as const;

const evidenceOf = (lock: ProofBundle['timeline'][number]): keyof typeof LOCK_EVIDENCE_WORDS =>
  (lock.data as { evidence?: string }).evidence === 'command_acknowledged'
    ? 'command_acknowledged'
    : 'status_observed';

const clock = (instant: string) =>
  instant
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
    .replace(/Z$/, ' UTC');

function facts(bundle: ProofBundle) {
  const byType = (type: string) => bundle.timeline.filter((e) => e.type === type);
  const lock = byType('LockConfirmed').at(-1);
  const unlocked = bundle.timeline.find(
    (e) =>
      e.type === 'UnlockCommandResult' && (e.data as { outcome?: string }).outcome === 'succeeded',
  );
  const photos = byType('PackagePlaced').map(
    (e) => (e.data as { photo?: { sha256?: string } }).photo?.sha256 ?? '(none)',
  );
  const anomalies = [...new Set(bundle.timeline.flatMap((e) => e.anomalies))];
  const last = bundle.timeline.at(-1);
  return {
    lock,
    unlocked,
    photos,
    anomalies,
    phase: (last?.stateAfter as { phase?: string } | undefined)?.phase ?? 'unknown',
  };
}

/** The evidence as a PDF for a dispute reviewer: what happened in time order, by kind, and how to check it. */
export function renderEvidencePdf(document: EvidenceDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `keytrail evidence, case ${document.case.caseId}`,
      Author: 'keytrail',
      Subject: document.case.reason,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const heading = (text: string, size = 14) =>
    pdf
      .moveDown(0.6)
      .font('Helvetica-Bold')
      .fontSize(size)
      .text(text)
      .font('Helvetica')
      .fontSize(10);
  const line = (label: string, value: string) =>
    pdf
      .font('Helvetica-Bold')
      .text(`${label}: `, { continued: true })
      .font('Helvetica')
      .text(value);
  const entry = (e: BundleTimelineEntry) =>
    pdf.text(
      `${clock(e.occurredAt)}   ${e.line}${e.anomalies.length ? `   [anomaly: ${e.anomalies.join(', ')}]` : ''}`,
      { indent: 10 },
    );

  pdf.font('Helvetica-Bold').fontSize(18).text(`Evidence for case ${document.case.caseId}`);
  pdf.font('Helvetica').fontSize(10).moveDown(0.3);
  line('Reason', document.case.reason);
  line('Investigator', document.case.investigatorId);
  line('Status', document.case.status);
  line('Deliveries', document.case.deliveryIds.join(', '));
  line('Exported', `${clock(document.exportedAt)} by ${document.exportedBy}`);

  for (const bundle of document.deliveries) {
    const f = facts(bundle);
    pdf.addPage();
    heading(`Delivery ${bundle.deliveryId}`, 16);
    line('Outcome', f.phase);
    line('Unlock confirmed by the carmaker', f.unlocked ? clock(f.unlocked.occurredAt) : 'never');
    line(
      'Lock confirmed',
      f.lock ? `${clock(f.lock.occurredAt)} (${f.lock.line})` : 'NOT confirmed',
    );
    if (f.lock) line('How the lock was known', LOCK_EVIDENCE_WORDS[evidenceOf(f.lock)]);
    line('Photo SHA-256', f.photos.join(', ') || '(no package recorded)');
    line('Anomalies', f.anomalies.length ? f.anomalies.join(', ') : 'none');
    line('View', `${bundle.view} (personal data shown as the exporting role may see it)`);

    heading('What happened, in time order');
    [...bundle.timeline]
      .sort(
        (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.globalPosition - b.globalPosition,
      )
      .forEach(entry);

    heading('By kind');
    for (const [kind, types] of KINDS) {
      const entries = bundle.timeline.filter((e) => types.includes(e.type));
      if (entries.length === 0) continue;
      pdf.moveDown(0.3).font('Helvetica-Bold').text(kind).font('Helvetica');
      entries.forEach(entry);
    }

    const checkpoint = parseCheckpoint(
      bundle.checkpoint.slice(0, bundle.checkpoint.lastIndexOf('\n\n') + 1),
    );
    heading('Integrity');
    line('Signed checkpoint', `${checkpoint.origin}, tree size ${checkpoint.size}`);
    line('Root hash', toHex(checkpoint.rootHash));
    pdf.text(
      "Each event, its hash in the delivery's chain and its leaf in the signed Merkle tree:",
    );
    for (const e of bundle.events)
      pdf
        .font('Courier')
        .fontSize(8)
        .text(`#${e.streamRevision}  leaf ${e.leafIndex}  ${e.hash}`, { indent: 10 });
    pdf.font('Helvetica').fontSize(10);
  }

  pdf.addPage();
  heading('How to verify this evidence', 16);
  pdf.text(document.howToVerify);
  pdf.moveDown(0.5).text('The verifier keys keytrail published for this log:');
  for (const key of document.verifierKeys)
    pdf.font('Courier').fontSize(8).text(key, { indent: 10 });
  pdf
    .font('Helvetica')
    .fontSize(10)
    .moveDown(0.5)
    .text(
      'The PDF is a reading aid. The JSON evidence (the same export with format=json) is what the verifier checks: ' +
        'every event there carries its canonical bytes, hash and inclusion proof against the signed checkpoint.',
    );
  pdf.end();
  return done;
}
