import type { WitnessesConfig } from '../../config/keytrail-config.js';
import type { LogSigner } from '../../integrity/log-signer.js';
import type { CheckpointPolicy } from '../../integrity/checkpoints.js';

export const LOG_SIGNER = Symbol('LOG_SIGNER');
export const CHECKPOINT_POLICY = Symbol('CHECKPOINT_POLICY');
/** KEYTRAIL_WITNESSES (null: no witness). */
export const WITNESSES = Symbol('WITNESSES');

export interface IntegrityDependencies {
  readonly log: LogSigner;
  readonly policy: CheckpointPolicy;
  /** Who cosigns the checkpoints; absent or null: nobody is sent them. */
  readonly witnesses?: WitnessesConfig | null;
}
