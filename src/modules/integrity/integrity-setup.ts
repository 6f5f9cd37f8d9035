import type { IntegrityDependencies } from './integrity.tokens.js';
import type { KeytrailConfig } from '../../config/keytrail-config.js';
import { resolveSigningKeys } from '../../integrity/signing-keys.js';

/** The checkpoint signing key, how often checkpoints are signed and who cosigns them. */
export async function integritySetup(
  config: KeytrailConfig,
): Promise<IntegrityDependencies & { keySource: string }> {
  const log = await resolveSigningKeys(config);
  return {
    log,
    policy: { everyMs: config.checkpointEveryMs, everyLeaves: config.checkpointEveryEvents },
    witnesses: config.witnesses,
    keySource: log.source,
  };
}
