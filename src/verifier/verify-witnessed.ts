import { CosignatureError, verifyCosignatures } from './cosignature.js';
import type { VerificationReport } from './verify-bundle.js';

const when = (seconds: bigint) => {
  const ms = Number(seconds) * 1000;
  return Number.isFinite(ms) && ms < 8.64e15 ? new Date(ms).toISOString() : `${seconds} s`;
};

/**
 * A bundle's report with the witnesses' check added: at least `quorum` of the given witness keys
 * (vkeys, type 0x04) cosigned its checkpoint. Only the checkpoint's log signature makes the note
 * worth reading, so this adds to a report of the same bundle, never replaces it.
 */
export function withCosignatures(
  report: VerificationReport,
  checkpointNote: string,
  witnessKeys: readonly string[],
  quorum: number,
): VerificationReport {
  const checked = [...report.checked];
  const failures = [...report.failures];
  try {
    const cosignatures = verifyCosignatures(checkpointNote, witnessKeys, quorum);
    for (const problem of cosignatures.invalid)
      failures.push({ check: 'witnesses', message: problem });
    if (cosignatures.cosigned.length < quorum)
      failures.push({
        check: 'witnesses',
        message: `${cosignatures.cosigned.length} of the ${quorum} cosignatures asked for (not cosigned by ${cosignatures.missing.join(', ') || 'any other'})`,
      });
    for (const c of cosignatures.cosigned)
      checked.push(`checkpoint cosigned by witness ${c.witness} at ${when(c.timestamp)}`);
    if (cosignatures.ok)
      checked.push(`${cosignatures.cosigned.length} witnesses cosigned; the quorum is ${quorum}`);
  } catch (error) {
    if (!(error instanceof CosignatureError)) throw error;
    failures.push({ check: 'witnesses', message: error.message });
  }
  return {
    ...report,
    ok: failures.length === 0,
    checked: failures.length === 0 ? checked : [],
    failures,
  };
}
