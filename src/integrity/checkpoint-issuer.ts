import { Logger } from '@nestjs/common';

import { errorText, sleep } from '../shared/background-work.js';
import type { CheckpointPolicy, Checkpoints } from './checkpoints.js';

/**
 * Signs checkpoints as the tree grows, per the policy (default: each second with new leaves, or each
 * 1,000 leaves). Runs next to the sequencer; several issuers are harmless (a checkpoint of a size is
 * written once, and the same tree gives the same signed note).
 */
export class CheckpointIssuer {
  private readonly logger = new Logger('checkpoints');

  constructor(
    private readonly checkpoints: Checkpoints,
    private readonly policy: CheckpointPolicy,
    private readonly pollMs = 100,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    let failing = false;
    while (!signal.aborted) {
      try {
        await this.checkpoints.issueIfDue(this.policy);
        if (failing) this.logger.log('issuing checkpoints again');
        failing = false;
      } catch (error) {
        if (!failing) this.logger.warn(`cannot issue a checkpoint yet: ${errorText(error)}`);
        failing = true;
      }
      await sleep(this.pollMs, signal);
    }
  }
}
