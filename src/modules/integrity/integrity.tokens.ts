import type { LogSigner } from '../../integrity/log-signer.js';
import type { CheckpointPolicy } from '../../integrity/checkpoints.js';

export const LOG_SIGNER = Symbol('LOG_SIGNER');
export const CHECKPOINT_POLICY = Symbol('CHECKPOINT_POLICY');

export interface IntegrityDependencies {
  readonly log: LogSigner;
  readonly policy: CheckpointPolicy;
}
